package org.jwtverifier.jmx;

import java.lang.reflect.Method;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/**
 * An MXBean whose descriptions, parameter names and operation impacts come from {@link Description} and
 * {@link Action} annotations on its interface, so consoles show what each attribute and operation means.
 */
final class DescribedMXBean extends StandardMBean {
    private final Class<?> type;

    <T> DescribedMXBean(T implementation, Class<T> type) {
        super(implementation, type, true);
        this.type = type;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        for (String prefix : new String[]{"get", "is"}) {
            Method m = find(prefix + info.getName(), 0);
            if (m != null && m.isAnnotationPresent(Description.class)) {
                return m.getAnnotation(Description.class).value();
            }
        }
        return super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = find(info.getName(), info.getSignature().length);
        return m != null && m.isAnnotationPresent(Description.class) ? m.getAnnotation(Description.class).value()
                : super.getDescription(info);
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Method m = find(info.getName(), info.getSignature().length);
        return m != null && m.isAnnotationPresent(Action.class) ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d == null || d.name().isEmpty() ? super.getParameterName(op, param, sequence) : d.name();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d == null ? super.getDescription(op, param, sequence) : d.value();
    }

    private Description parameter(MBeanOperationInfo op, int sequence) {
        Method m = find(op.getName(), op.getSignature().length);
        if (m == null) {
            return null;
        }
        return m.getParameters()[sequence].getAnnotation(Description.class);
    }

    private Method find(String name, int parameters) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                return m;
            }
        }
        return null;
    }
}
