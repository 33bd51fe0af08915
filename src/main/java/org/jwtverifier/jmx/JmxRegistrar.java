package org.jwtverifier.jmx;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtverifier.introspection.Introspector;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * Registers a deployment's MXBeans in the platform MBean server under domain {@code jwt-verifier}, each name
 * carrying the context path, and the webapp version where the container runs several versions of one context side
 * by side (Tomcat's parallel deployment, {@code app##2.war}), so every deployment's names are its own:
 * <ul>
 *   <li>{@code jwt-verifier:type=Verifier,context=/path[,version=v]}</li>
 *   <li>{@code jwt-verifier:type=Introspection,context=/path[,version=v],issuer="..."}, one per issuer with
 *       introspection, following reloads as the key stores do;</li>
 *   <li>{@code jwt-verifier:type=KeyStore,context=/path[,version=v],issuer="..."}, one per issuer, following
 *       reloads</li>
 *   <li>{@code jwt-verifier:type=Configuration,context=/path[,version=v]}</li>
 *   <li>{@code jwt-verifier:type=TokenCache,context=/path[,version=v]}</li>
 *   <li>{@code jwt-verifier:type=Revocations,context=/path[,version=v]}</li>
 * </ul>
 * A name that is already taken is never touched: it belongs to another deployment, live or not cleanly stopped,
 * which may unregister it later. This deployment then registers under the name plus {@code instance=N} and says
 * so in the log. {@link #close()} unregisters exactly the names this deployment registered, so undeploying one
 * version never removes another's beans.
 */
public final class JmxRegistrar implements AutoCloseable {
    public static final String DOMAIN = "jwt-verifier";
    private static final Logger LOG = Logger.getLogger(JmxRegistrar.class.getName());

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String context;
    private final Optional<String> version;
    private final VerifierRuntime runtime;
    private final Set<ObjectName> registered = new LinkedHashSet<>();
    private final Set<ObjectName> perIssuerNames = new LinkedHashSet<>();

    /**
     * @param contextPath the web application's context path ({@code ""} for ROOT)
     * @param version     the webapp version of a parallel deployment, empty for an unversioned one
     */
    public JmxRegistrar(String contextPath, Optional<String> version, VerifierRuntime runtime) {
        this.context = contextPath.isEmpty() ? "/" : contextPath;
        this.version = version.filter(v -> !v.isEmpty());
        this.runtime = runtime;
    }

    /** Registers all beans and follows reloads. */
    public synchronized void registerAll() {
        register(name("Verifier", null), new DescribedMXBean(new VerifierControl(runtime),
                VerifierMXBean.class));
        register(name("Configuration", null), new DescribedMXBean(new ConfigurationControl(runtime),
                ConfigurationMXBean.class));
        register(name("TokenCache", null), new DescribedMXBean(new TokenCacheControl(runtime),
                TokenCacheMXBean.class));
        register(name("Revocations", null), new DescribedMXBean(new RevocationsControl(runtime),
                RevocationsMXBean.class));
        registerKeyStores(runtime.current());
        runtime.onSwap(this::registerKeyStores);
    }

    private synchronized void registerKeyStores(VerifierAssembly assembly) {
        perIssuerNames.forEach(this::unregister);
        perIssuerNames.clear();
        for (IssuerKeyStore store : assembly.keyStores().all()) {
            ObjectName name = register(name("KeyStore", store.issuer()),
                    new DescribedMXBean(new KeyStoreControl(store.issuer(), runtime), KeyStoreMXBean.class));
            if (name != null) {
                perIssuerNames.add(name);
            }
        }
        for (Introspector introspector : assembly.introspection().all()) {
            ObjectName name = register(name("Introspection", introspector.issuer()), new DescribedMXBean(
                    new IntrospectionControl(introspector.issuer(), runtime), IntrospectionMXBean.class));
            if (name != null) {
                perIssuerNames.add(name);
            }
        }
    }

    /**
     * @return the ObjectName of a bean of this deployment, before any {@code instance} a clash adds; {@code issuer}
     *         is quoted, so any issuer string is safe
     */
    public ObjectName name(String type, String issuer) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",context=" + value(context)
                    + version.map(v -> ",version=" + value(v)).orElse("")
                    + (issuer == null ? "" : ",issuer=" + ObjectName.quote(issuer)));
        } catch (JMException e) {
            throw new IllegalArgumentException("cannot name MBean " + type + " " + issuer, e);
        }
    }

    private static String value(String text) {
        return text.matches("[A-Za-z0-9/_.~-]+") ? text : ObjectName.quote(text);
    }

    /** @return the name registered, or null when registration failed */
    private ObjectName register(ObjectName name, Object bean) {
        ObjectName free = name;
        for (int instance = 2; server.isRegistered(free) && instance < 100; instance++) {
            free = withInstance(name, instance);
        }
        if (!free.equals(name)) {
            LOG.log(Level.WARNING, "MBean {0} belongs to another deployment (one not cleanly stopped, or one whose"
                    + " version this container does not reveal); this one is registered as {1}",
                    new Object[]{name, free});
        }
        try {
            server.registerMBean(bean, free);
            registered.add(free);
            return free;
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot register MBean " + free, e);
            return null;
        }
    }

    private static ObjectName withInstance(ObjectName name, int instance) {
        try {
            return new ObjectName(name.getCanonicalName() + ",instance=" + instance);
        } catch (JMException e) {
            throw new IllegalArgumentException(name.toString(), e);
        }
    }

    /** Only ever called with a name this deployment registered, which no other deployment takes over. */
    private void unregister(ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot unregister MBean " + name, e);
        }
        registered.remove(name);
    }

    @Override
    public synchronized void close() {
        runtime.onSwap(assembly -> {
        });
        for (ObjectName name : Set.copyOf(registered)) {
            unregister(name);
        }
        perIssuerNames.clear();
    }
}
