package org.jwtverifier.runtime;

import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.introspection.IntrospectionStatus;
import org.jwtverifier.introspection.Introspector;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.revocation.LocalRevocationStore;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationStoreState;
import org.jwtverifier.revocation.Revocations;
import org.jwtverifier.token.CachingTokenVerifier;

/**
 * The running verifier of one deployment: the current {@link VerifierAssembly}, swapped whole on reload, and what
 * outlives reloads (persisted keys, revocations, listeners).
 *
 * <p>Whoever uses an assembly holds it ({@link #enter()} or {@link #read}) for as long as it uses it: a request
 * from the first line of its decision to the last of its response, a management call, a metrics scrape. A reload
 * swaps the new assembly in first, so new users get it at once, then waits until the holds on the previous one
 * are released and only then closes it (its token cache, its key refresh threads). The wait is bounded by
 * {@link #DEFAULT_DRAIN_BOUND}: a user still in after that is logged and the assembly closed anyway, so a stuck
 * request cannot keep a reload, or an undeploy, waiting forever.
 *
 * <p>Longer than most classes here on purpose: the swap of assemblies, the wait for the requests still holding
 * the old one and the close of what outlives a reload are one protocol, and splitting it would put the invariants
 * between the pieces into their callers.
 */
public final class VerifierRuntime implements AutoCloseable {
    /**
     * How long a reload waits for the requests still using the previous assembly. Longer than anything a request
     * waits for inside the verifier (twice {@code unknownKidWait}, at most 10s each) and than the 30s after which
     * Traefik gives up on a forward-auth call.
     */
    public static final Duration DEFAULT_DRAIN_BOUND = Duration.ofSeconds(30);

    private static final String ATTRIBUTE = VerifierRuntime.class.getName();
    private static final Logger LOG = Logger.getLogger(VerifierRuntime.class.getName());

    private final ConfigLocator.Location location;
    private final String name;
    private final Clock clock;
    private final PersistedKeySets persisted;
    private final VerifierMetrics metrics;
    private final Duration drainBound;
    private final Revocations revocations;
    /** Null once {@link #close()} began. */
    private final AtomicReference<VerifierAssembly> current = new AtomicReference<>();
    private volatile Consumer<VerifierAssembly> onSwap = assembly -> {
    };

    /**
     * @param name  names this deployment's threads
     * @throws KeySourceException when an issuer's trust store cannot be loaded
     */
    public VerifierRuntime(ConfigLocator.Location location, VerifierConfig config, String name, Clock clock,
                           PersistedKeySets persisted, VerifierMetrics metrics) throws KeySourceException {
        this(location, config, name, clock, persisted, metrics, DEFAULT_DRAIN_BOUND);
    }

    /**
     * A runtime whose revocations are kept in memory only.
     *
     * @param drainBound how long a reload or {@link #close()} waits for the users of the assembly it retires
     */
    public VerifierRuntime(ConfigLocator.Location location, VerifierConfig config, String name, Clock clock,
                           PersistedKeySets persisted, VerifierMetrics metrics, Duration drainBound)
            throws KeySourceException {
        this(location, config, name, clock, persisted, metrics, drainBound, new Revocations(
                LocalRevocationStore.open(null, config.revocation().maxEntries(), clock), clock));
    }

    /**
     * @param revocations owned from here on: closed by {@link #close()}, also when this constructor throws
     */
    public VerifierRuntime(ConfigLocator.Location location, VerifierConfig config, String name, Clock clock,
                           PersistedKeySets persisted, VerifierMetrics metrics, Duration drainBound,
                           Revocations revocations) throws KeySourceException {
        this.location = location;
        this.name = name;
        this.clock = clock;
        this.persisted = persisted;
        this.metrics = metrics;
        this.drainBound = drainBound;
        this.revocations = revocations;
        try {
            current.set(new VerifierAssembly(config, persisted, name, clock, metrics, metrics, revocations.index()));
        } catch (KeySourceException | RuntimeException e) {
            revocations.close();
            throw e;
        }
        metrics.watchKeyStores(this::keyStoreStatuses);
        metrics.watchTokenCache(this::tokenCacheReading);
        metrics.watchRevocations(this::revocationReading);
        metrics.watchIntrospection(this::introspectionReading);
    }

    /** @return the revocations, which outlive reloads */
    public Revocations revocations() {
        return revocations;
    }

    private VerifierMetrics.RevocationReading revocationReading() {
        RevocationStoreState state = revocations.state();
        Map<Revocation.Kind, Long> counts = revocations.counts();
        return new VerifierMetrics.RevocationReading(Map.of(
                "token_id", counts.get(Revocation.Kind.TOKEN_ID),
                "subject", counts.get(Revocation.Kind.SUBJECT),
                "session", counts.get(Revocation.Kind.SESSION)), state.mode(), state.reachable(), state.pendingWrites());
    }

    /** The runtime of the web application that {@code context} belongs to; null before start and after stop. */
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

    // A scrape reads what it needs inside the hold, so nothing it keeps touches a cache closed by a reload.
    private Collection<KeyStoreStatus> keyStoreStatuses() {
        try {
            return read(assembly -> {
                List<KeyStoreStatus> out = new ArrayList<>();
                assembly.keyStores().all().forEach(store -> out.add(store.status()));
                return out;
            });
        } catch (RuntimeStoppedException e) {
            return List.of();
        }
    }

    private VerifierMetrics.IntrospectionReading introspectionReading() {
        try {
            return read(assembly -> {
                long calls = 0, failures = 0, busy = 0, hits = 0, misses = 0, entries = 0;
                for (Introspector introspector : assembly.introspection().all()) {
                    IntrospectionStatus s = introspector.status();
                    calls += s.calls();
                    failures += s.failures();
                    busy += s.busy();
                    hits += s.hits();
                    misses += s.misses();
                    entries += s.entries();
                }
                return new VerifierMetrics.IntrospectionReading(calls, failures, busy, hits, misses, entries);
            });
        } catch (RuntimeStoppedException e) {
            return null;
        }
    }

    private VerifierMetrics.TokenCacheReading tokenCacheReading() {
        try {
            return read(assembly -> {
                CachingTokenVerifier cache = assembly.tokenCache();
                return cache == null ? null
                        : new VerifierMetrics.TokenCacheReading(cache.hits(), cache.misses(), cache.size());
            });
        } catch (RuntimeStoppedException e) {
            return null;
        }
    }

    /**
     * Holds the current assembly until the returned lease is closed; a reload meanwhile swaps in its successor but
     * closes this one only after the lease is released (or its wait bound ran out). Costs one atomic add here and
     * one on release. Never call {@link #reload()} while holding a lease: the reload would wait for it.
     *
     * @throws RuntimeStoppedException once {@link #close()} began
     */
    public AssemblyLease enter() {
        while (true) {
            VerifierAssembly assembly = current.get();
            if (assembly == null) {
                throw new RuntimeStoppedException();
            }
            if (assembly.tryEnter()) {
                return new AssemblyLease(assembly);
            }
            // Retired between the read and the entry: it is no longer current, so the next read finds its successor.
        }
    }

    /**
     * Applies {@code reader} to the current assembly while holding it (see {@link #enter()}). The reader must not
     * hand out anything that needs the assembly open after it returned.
     *
     * @throws RuntimeStoppedException once {@link #close()} began
     */
    public <T> T read(Function<VerifierAssembly, T> reader) {
        try (AssemblyLease lease = enter()) {
            return reader.apply(lease.assembly());
        }
    }

    /**
     * The current assembly without holding it: only for what stays valid after it is closed (its configuration,
     * its issuer list). Anything that touches its caches or key stores goes through {@link #enter()} or
     * {@link #read}.
     *
     * @return the current assembly, or null once {@link #close()} began
     */
    public VerifierAssembly current() {
        return current.get();
    }

    public ConfigLocator.Location location() {
        return location;
    }

    /**
     * Re-reads the configuration file; a file with problems is rejected and the running configuration kept. On
     * success the new assembly serves every request that starts from then on, and the previous one is closed once
     * the requests still using it have finished (waiting at most the drain bound).
     *
     * @return a one-line outcome for an operator
     */
    public synchronized String reload() {
        if (current.get() == null) {
            return "rejected: the verifier is stopping";
        }
        VerifierConfig config;
        try {
            config = new ConfigParser(clock).parse(location.path());
        } catch (ConfigException e) {
            LOG.warning("Configuration reload rejected, keeping the running one: " + e.getMessage());
            return "rejected, running configuration kept: " + String.join("; ", e.problems());
        }
        VerifierAssembly next;
        try {
            next = new VerifierAssembly(config, persisted, name, clock, metrics, metrics, revocations.index());
        } catch (KeySourceException e) {
            LOG.warning("Configuration reload rejected, keeping the running one: " + e.getMessage());
            return "rejected, running configuration kept: " + e.getMessage();
        }
        VerifierAssembly previous = current.getAndSet(next);
        onSwap.accept(next);
        retire(previous, "the previous configuration");
        LOG.info("Configuration reloaded from " + location.path() + ": " + config.issuers().size() + " issuer(s)");
        return "reloaded: " + config.issuers().size() + " issuer(s) from " + location.path();
    }

    /** Waits (bounded) until nobody uses {@code assembly} any more, then closes it. It must no longer be current. */
    private void retire(VerifierAssembly assembly, String what) {
        boolean drained;
        try {
            drained = assembly.retireAndAwait(drainBound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warning(assembly.users() + " request(s) still using " + what + " after " + drainBound
                    + "; closing it anyway, they may fail");
        }
        assembly.close();
    }

    /**
     * Stops: new requests are refused ({@link RuntimeStoppedException}), those in flight are waited for as on a
     * reload, then the assembly, the revocations and the persisted keys are closed.
     */
    @Override
    public synchronized void close() {
        VerifierAssembly last = current.getAndSet(null);
        if (last == null) {
            return;
        }
        retire(last, "the configuration");
        revocations.close();
        persisted.close();
    }
}
