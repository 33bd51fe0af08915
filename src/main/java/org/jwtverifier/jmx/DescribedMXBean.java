package org.jwtverifier.jmx;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.StandardMBean;

/**
 * An MXBean whose descriptions, parameter names and operation impacts come from {@link Description} and
 * {@link Action} annotations on its interface, so consoles show what each attribute and operation means.
 *
 * <p>Every {@link Action} operation, of every bean, is written to the audit log (logger
 * {@value #AUDIT_LOGGER}, INFO), one line per call: the JMX principal ({@link JmxPrincipals}), the bean's
 * ObjectName, the operation, its arguments (quoted, control characters escaped, long ones cut, anything shaped
 * like a JWT replaced) and the outcome: {@code ok}, {@code refused: why} (an operation that answered
 * {@code refused}/{@code rejected} and changed nothing) or {@code failed: why} (an answer saying it failed, or an
 * exception). Read-only operations and attributes are not logged.
 */
final class DescribedMXBean extends StandardMBean {
    /** The audit log's logger. */
    static final String AUDIT_LOGGER = "org.jwtverifier.audit";
    private static final Logger AUDIT = Logger.getLogger(AUDIT_LOGGER);
    private static final int MAX_ARGUMENT_CHARS = 200;
    /** A compact JWS: three base64url parts, the first two long enough to hold a header and claims. */
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*");

    private final Class<?> type;
    private volatile ObjectName name;

    <T> DescribedMXBean(T implementation, Class<T> type) {
        super(implementation, type, true);
        this.type = type;
    }

    @Override
    public ObjectName preRegister(MBeanServer server, ObjectName name) throws Exception {
        ObjectName registered = super.preRegister(server, name);
        this.name = registered;
        return registered;
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        Method m = find(operation, params == null ? 0 : params.length);
        if (m == null || !m.isAnnotationPresent(Action.class)) {
            return super.invoke(operation, params, signature);
        }
        String principal = JmxPrincipals.current();
        Object result;
        try {
            result = super.invoke(operation, params, signature);
        } catch (MBeanException | ReflectionException | RuntimeException e) {
            audit(principal, operation, params, "failed: " + rootMessage(e));
            throw e;
        }
        audit(principal, operation, params, outcome(result));
        return result;
    }

    private void audit(String principal, String operation, Object[] params, String outcome) {
        List<String> arguments = new ArrayList<>();
        if (params != null) {
            for (Object p : params) {
                arguments.add(quote(p));
            }
        }
        AUDIT.info("JMX action principal=" + quote(principal) + " target=" + name + " operation=" + operation
                + " arguments=[" + String.join(", ", arguments) + "] outcome=" + clean(outcome, 400));
    }

    /** What an operation's answer says of its outcome: the project's operations answer in one line. */
    static String outcome(Object result) {
        if (result instanceof String text) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("refused") || lower.startsWith("failed")) {
                return text;
            }
            if (lower.startsWith("rejected")) {
                return "refused: " + text;
            }
            if (lower.contains(" failed:")) {
                return "failed: " + text;
            }
            return "ok: " + text;
        }
        return "ok";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }

    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        if (JWT.matcher(text).find()) {
            return "\"<looks like a token, not logged>\"";
        }
        return "\"" + clean(text, MAX_ARGUMENT_CHARS) + "\"";
    }

    /** {@code text} on one line: quotes, backslashes and control characters escaped, cut at {@code max}. */
    static String clean(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && text.length() > max) {
            out.append("...");
        }
        return out.toString();
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
