package org.jwtverifier.jmx;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * Registers a deployment's MXBeans in the platform MBean server under domain {@code jwt-verifier}, each name
 * carrying the context path so two deployments coexist, and unregisters exactly those on {@link #close()}:
 * <ul>
 *   <li>{@code jwt-verifier:type=Verifier,context=/path}</li>
 *   <li>{@code jwt-verifier:type=KeyStore,context=/path,issuer="..."}, one per issuer, following reloads</li>
 *   <li>{@code jwt-verifier:type=Configuration,context=/path}</li>
 *   <li>{@code jwt-verifier:type=TokenCache,context=/path}</li>
 * </ul>
 */
public final class JmxRegistrar implements AutoCloseable {
    public static final String DOMAIN = "jwt-verifier";
    private static final Logger LOG = Logger.getLogger(JmxRegistrar.class.getName());

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String context;
    private final VerifierRuntime runtime;
    private final Set<ObjectName> registered = new LinkedHashSet<>();
    private final Set<ObjectName> keyStoreNames = new LinkedHashSet<>();

    /**
     * @param contextPath the web application's context path ({@code ""} for ROOT)
     */
    public JmxRegistrar(String contextPath, VerifierRuntime runtime) {
        this.context = contextPath.isEmpty() ? "/" : contextPath;
        this.runtime = runtime;
    }

    /** Registers all beans and follows reloads. */
    public synchronized void registerAll() {
        register(name("Verifier", null), new DescribedMXBean(new VerifierControl(runtime.metrics()),
                VerifierMXBean.class));
        register(name("Configuration", null), new DescribedMXBean(new ConfigurationControl(runtime),
                ConfigurationMXBean.class));
        register(name("TokenCache", null), new DescribedMXBean(new TokenCacheControl(runtime),
                TokenCacheMXBean.class));
        registerKeyStores(runtime.current());
        runtime.onSwap(this::registerKeyStores);
    }

    private synchronized void registerKeyStores(VerifierAssembly assembly) {
        keyStoreNames.forEach(this::unregister);
        keyStoreNames.clear();
        for (IssuerKeyStore store : assembly.keyStores().all()) {
            ObjectName name = name("KeyStore", store.issuer());
            register(name, new DescribedMXBean(new KeyStoreControl(store.issuer(), runtime), KeyStoreMXBean.class));
            keyStoreNames.add(name);
        }
    }

    /** @return the ObjectName of a bean of this deployment; {@code issuer} is quoted, so any issuer string is safe */
    public ObjectName name(String type, String issuer) {
        try {
            String contextValue = context.matches("[A-Za-z0-9/_.~-]+") ? context : ObjectName.quote(context);
            return new ObjectName(DOMAIN + ":type=" + type + ",context=" + contextValue
                    + (issuer == null ? "" : ",issuer=" + ObjectName.quote(issuer)));
        } catch (JMException e) {
            throw new IllegalArgumentException("cannot name MBean " + type + " " + issuer, e);
        }
    }

    private void register(ObjectName name, Object bean) {
        try {
            if (server.isRegistered(name)) {
                // Left over by a deployment that could not clean up: ours replaces it.
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            registered.add(name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot register MBean " + name, e);
        }
    }

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
        keyStoreNames.clear();
    }
}
