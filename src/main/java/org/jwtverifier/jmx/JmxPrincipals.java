package org.jwtverifier.jmx;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Who is calling an MBean: the JMX principal the connector authenticated ({@code jmxremote.password}), or
 * {@link #LOCAL} for a call without a subject (an in-process call, or a connector without authentication).
 *
 * <p>The JMX connector runs each remote call with the caller's {@link Subject}. How to read it depends on the
 * Java version: {@code Subject.current()} exists from Java 18 and is the only way from Java 24, where
 * {@code Subject.getSubject(AccessControlContext)} throws {@code UnsupportedOperationException}; on Java 17 only
 * {@code getSubject} exists. The build targets Java 17, so {@code current()} is found by reflection.
 */
final class JmxPrincipals {
    /** The principal of a call that carries none. */
    static final String LOCAL = "local";

    private static final Method CURRENT = currentMethod();

    private JmxPrincipals() {
    }

    private static Method currentMethod() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** @return the name of the calling JMX principal, or {@link #LOCAL} */
    static String current() {
        Subject subject = subject();
        if (subject == null) {
            return LOCAL;
        }
        Set<JMXPrincipal> jmx = subject.getPrincipals(JMXPrincipal.class);
        if (!jmx.isEmpty()) {
            return jmx.iterator().next().getName();
        }
        for (Principal p : subject.getPrincipals()) {
            return p.getName();
        }
        return LOCAL;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static Subject subject() {
        if (CURRENT != null) {
            try {
                return (Subject) CURRENT.invoke(null);
            } catch (IllegalAccessException | InvocationTargetException e) {
                return null;
            }
        }
        return Subject.getSubject(java.security.AccessController.getContext());
    }
}
