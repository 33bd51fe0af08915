package org.jwtverifier.runtime;

import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.metrics.VerifierMetrics;

/**
 * The running verifier of one deployment: the current {@link VerifierAssembly}, swapped whole on reload, and what
 * outlives reloads (persisted keys, listeners). Requests read {@link #current()} once and use that graph throughout.
 */
public final class VerifierRuntime implements AutoCloseable {
    private static final String ATTRIBUTE = VerifierRuntime.class.getName();
    private static final Logger LOG = Logger.getLogger(VerifierRuntime.class.getName());

    private final ConfigLocator.Location location;
    private final String name;
    private final Clock clock;
    private final PersistedKeySets persisted;
    private final VerifierMetrics metrics;
    private final AtomicReference<VerifierAssembly> current = new AtomicReference<>();
    private volatile Consumer<VerifierAssembly> onSwap = assembly -> {
    };

    /**
     * @param name  names this deployment's threads
     * @throws KeySourceException when an issuer's trust store cannot be loaded
     */
    public VerifierRuntime(ConfigLocator.Location location, VerifierConfig config, String name, Clock clock,
                           PersistedKeySets persisted, VerifierMetrics metrics) throws KeySourceException {
        this.location = location;
        this.name = name;
        this.clock = clock;
        this.persisted = persisted;
        this.metrics = metrics;
        current.set(new VerifierAssembly(config, persisted, name, clock, metrics, metrics));
        metrics.watchKeyStores(this::keyStoreStatuses);
        metrics.watchTokenCache(() -> current.get().tokenCache());
    }

    /** The runtime of the web application that {@code context} belongs to. */
    public static VerifierRuntime from(ServletContext context) {
        return (VerifierRuntime) context.getAttribute(ATTRIBUTE);
    }

    /** Publishes this runtime to the web application's resources. */
    public void publishTo(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    public void unpublishFrom(ServletContext context) {
        context.removeAttribute(ATTRIBUTE);
    }

    /** Called with the new graph after each successful reload (JMX re-registers per-issuer beans). */
    public void onSwap(Consumer<VerifierAssembly> listener) {
        this.onSwap = listener;
    }

    public VerifierMetrics metrics() {
        return metrics;
    }

    private Collection<KeyStoreStatus> keyStoreStatuses() {
        List<KeyStoreStatus> out = new ArrayList<>();
        current.get().keyStores().all().forEach(store -> out.add(store.status()));
        return out;
    }

    public VerifierAssembly current() {
        return current.get();
    }

    public ConfigLocator.Location location() {
        return location;
    }

    /**
     * Re-reads the configuration file; a file with problems is rejected and the running configuration kept.
     *
     * @return a one-line outcome for an operator
     */
    public synchronized String reload() {
        VerifierConfig config;
        try {
            config = new ConfigParser(clock).parse(location.path());
        } catch (ConfigException e) {
            LOG.warning("Configuration reload rejected, keeping the running one: " + e.getMessage());
            return "rejected, running configuration kept: " + String.join("; ", e.problems());
        }
        VerifierAssembly next;
        try {
            next = new VerifierAssembly(config, persisted, name, clock, metrics, metrics);
        } catch (KeySourceException e) {
            LOG.warning("Configuration reload rejected, keeping the running one: " + e.getMessage());
            return "rejected, running configuration kept: " + e.getMessage();
        }
        VerifierAssembly previous = current.getAndSet(next);
        previous.close();
        onSwap.accept(next);
        LOG.info("Configuration reloaded from " + location.path() + ": " + config.issuers().size() + " issuer(s)");
        return "reloaded: " + config.issuers().size() + " issuer(s) from " + location.path();
    }

    @Override
    public void close() {
        current.get().close();
        persisted.close();
    }
}
