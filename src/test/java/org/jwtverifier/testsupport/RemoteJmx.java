package org.jwtverifier.testsupport;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JMX client of the Tomcat the tests run on, through the real remote connector
 * ({@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}) that a console such as JConsole uses, never the
 * test JVM's own MBean server. The port comes from the system property {@code jwtverifier.it.jmx.port}, which
 * failsafe sets per Tomcat. Knows the verifier's ObjectNames (see docs/jmx.md).
 */
public final class RemoteJmx implements AutoCloseable {

    public static final String DOMAIN = "jwt-verifier";
    public static final String CONTEXT = "/jwt-verifier";

    private final JMXConnector connector;
    private final MBeanServerConnection connection;
    private final String address;

    private RemoteJmx(String host, int port) {
        this(host, port, Map.of());
    }

    private RemoteJmx(String host, int port, Map<String, ?> environment) {
        this("service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi", environment);
    }

    private RemoteJmx(String serviceUrl, Map<String, ?> environment) {
        this.address = serviceUrl;
        try {
            this.connector = JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl), environment);
            this.connection = connector.getMBeanServerConnection();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to JMX at " + address, e);
        }
    }

    /**
     * Connects to any JMX service URL, e.g. a container's own connector ({@code service:jmx:remote+http://...} of
     * WildFly); {@code environment} as {@link JMXConnectorFactory#connect(JMXServiceURL, Map)} takes it
     * (credentials, the class loader of a connector provider that is not on the class path).
     */
    public static RemoteJmx connect(String serviceUrl, Map<String, ?> environment) {
        return new RemoteJmx(serviceUrl, environment);
    }

    /** The JMX port of the Tomcat this test run drives: {@code jwtverifier.it.jmx.port} (default 19010). */
    public static int port() {
        return Integer.parseInt(System.getProperty("jwtverifier.it.jmx.port", "19010"));
    }

    /** Connects to 127.0.0.1:{@link #port()}. */
    public static RemoteJmx connect() {
        return new RemoteJmx("127.0.0.1", port());
    }

    /** Connects to 127.0.0.1:{@code port} as {@code user} (a connector with authentication, as tomcat/setenv.sh sets up). */
    public static RemoteJmx connect(int port, String user, String password) {
        return new RemoteJmx("127.0.0.1", port,
                java.util.Map.of(javax.management.remote.JMXConnector.CREDENTIALS, new String[]{user, password}));
    }

    /** {@code jwt-verifier:type=Revocations,context=/jwt-verifier}. */
    public static ObjectName revocations() {
        return name(DOMAIN + ":type=Revocations,context=" + CONTEXT);
    }

    /** Invokes an operation whose parameters are all strings. */
    public Object invoke(ObjectName bean, String operation, String... arguments) {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, String.class.getName());
        try {
            return connection.invoke(bean, operation, arguments, signature);
        } catch (JMException e) {
            throw new IllegalStateException("cannot invoke " + bean + " " + operation + ": " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return address;
    }

    public MBeanServerConnection connection() {
        return connection;
    }

    // ---- names -----------------------------------------------------------------------------------

    public static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static ObjectName verifier() {
        return name(DOMAIN + ":type=Verifier,context=" + CONTEXT);
    }

    public static ObjectName tokenCache() {
        return name(DOMAIN + ":type=TokenCache,context=" + CONTEXT);
    }

    public static ObjectName configuration() {
        return name(DOMAIN + ":type=Configuration,context=" + CONTEXT);
    }

    /** The KeyStore bean of {@code issuer}: the issuer is quoted, as {@link ObjectName#quote} does. */
    public static ObjectName keyStore(String issuer) {
        return name(DOMAIN + ":type=KeyStore,context=" + CONTEXT + ",issuer=" + ObjectName.quote(issuer));
    }

    // ---- access ----------------------------------------------------------------------------------

    public Object get(ObjectName bean, String attribute) {
        try {
            return connection.getAttribute(bean, attribute);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + bean + " " + attribute + ": " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long getLong(ObjectName bean, String attribute) {
        return ((Number) get(bean, attribute)).longValue();
    }

    /** A {@code Map<String, ?>} attribute (an MXBean exposes it as TabularData of key/value rows). */
    public Map<String, Object> getMap(ObjectName bean, String attribute) {
        return asMap(get(bean, attribute));
    }

    /** A {@code Map<String, Long>} attribute such as {@code DecisionsByReason}. */
    public Map<String, Long> getCounts(ObjectName bean, String attribute) {
        Map<String, Long> out = new TreeMap<>();
        getMap(bean, attribute).forEach((k, v) -> out.put(k, ((Number) v).longValue()));
        return out;
    }

    /** Invokes an operation without parameters. */
    public Object invoke(ObjectName bean, String operation) {
        try {
            return connection.invoke(bean, operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("cannot invoke " + bean + " " + operation + ": " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void set(ObjectName bean, String attribute, Object value) {
        try {
            connection.setAttribute(bean, new Attribute(attribute, value));
        } catch (JMException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRegistered(ObjectName bean) {
        try {
            return connection.isRegistered(bean);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MBeanInfo info(ObjectName bean) {
        try {
            return connection.getMBeanInfo(bean);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Set<ObjectName> query(String pattern) {
        try {
            return connection.queryNames(name(pattern), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every MBean of the verifier's domain, whatever the context. */
    public Set<ObjectName> verifierBeans() {
        return query(DOMAIN + ":*");
    }

    /** The names of every live thread of the remote JVM (through its ThreadMXBean). */
    public List<String> threadNames() {
        try {
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            List<String> names = new ArrayList<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    names.add(info.getThreadName());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TabularData of {@code key}/{@code value} rows (how an MXBean maps a {@code Map}) as a map. */
    public static Map<String, Object> asMap(Object tabular) {
        Map<String, Object> out = new TreeMap<>();
        if (tabular == null) {
            return out;
        }
        for (Object row : ((TabularData) tabular).values()) {
            CompositeData c = (CompositeData) row;
            out.put(Objects.toString(c.get("key")), c.get("value"));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the remote end may already be gone
        }
    }
}
