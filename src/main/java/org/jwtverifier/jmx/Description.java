package org.jwtverifier.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The text a JMX console (JConsole, VisualVM, hawtio) shows for an MXBean, attribute, operation or parameter. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {
    String value();

    /** For parameters: the name a console shows instead of {@code p0}. */
    String name() default "";
}
