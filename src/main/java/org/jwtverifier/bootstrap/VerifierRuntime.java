package org.jwtverifier.bootstrap;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.PersistedKeySets;

/**
 * The running verifier of one deployment: the current {@link VerifierAssembly}, swapped whole on reload, and what
 * outlives reloads (persisted keys, listeners). Requests read {@link #current()} once and use that graph throughout.
 */
public final class VerifierRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VerifierRuntime.class.getName());

    private final ConfigLocator.Location location;
    private final String name;
    private final Clock clock;
    private final PersistedKeySets persisted;
    private final KeySourceListener keyEvents;
    private final DecisionListener decisions;
    private final AtomicReference<VerifierAssembly> current = new AtomicReference<>();

    /**
     * @throws ConfigException    when the configuration is invalid
     * @throws KeySourceException when an issuer's trust store cannot be loaded
     */
    public VerifierRuntime(ConfigLocator.Location location, VerifierConfig config, String name, Clock clock,
                           PersistedKeySets persisted, KeySourceListener keyEvents, DecisionListener decisions)
            throws KeySourceException {
        this.location = location;
        this.name = name;
        this.clock = clock;
        this.persisted = persisted;
        this.keyEvents = keyEvents;
        this.decisions = decisions;
        current.set(new VerifierAssembly(config, persisted, name, clock, keyEvents, decisions));
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
            next = new VerifierAssembly(config, persisted, name, clock, keyEvents, decisions);
        } catch (KeySourceException e) {
            LOG.warning("Configuration reload rejected, keeping the running one: " + e.getMessage());
            return "rejected, running configuration kept: " + e.getMessage();
        }
        VerifierAssembly previous = current.getAndSet(next);
        previous.close();
        LOG.info("Configuration reloaded from " + location.path() + ": " + config.issuers().size() + " issuer(s)");
        return "reloaded: " + config.issuers().size() + " issuer(s) from " + location.path();
    }

    @Override
    public void close() {
        current.get().close();
        persisted.close();
    }
}
