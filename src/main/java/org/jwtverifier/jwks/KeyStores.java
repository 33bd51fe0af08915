package org.jwtverifier.jwks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.KeySourceSpec;

/**
 * Builds and owns the key stores of all issuers: the one place where a key source is assembled, in a fixed order
 * (fetch → retry → {@link IssuerKeyStore}: refresh-ahead cache, outage tolerance, single-flight rate-limited
 * refresh, persisted in Ehcache). Owns the refresh threads and stops them on {@link #close()}; the persisted sets
 * outlive it, so a configuration reload keeps what was fetched.
 */
public final class KeyStores implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyStores.class.getName());
    private static final Duration TICK = Duration.ofSeconds(1);

    private final Map<String, IssuerKeyStore> stores;
    private final ExecutorService fetchers;
    private final ScheduledExecutorService ticker;

    /**
     * @param issuers        the configured issuers
     * @param persisted      where the last good key sets are kept
     * @param threadPrefix   thread names, so a thread dump tells which deployment owns them
     * @param clock          time source
     * @param listener       told of fetches, failures, skipped keys
     * @throws KeySourceException when an issuer's trust store cannot be read
     */
    public KeyStores(Collection<IssuerConfig> issuers, PersistedKeySets persisted, String threadPrefix, Clock clock,
                     KeySourceListener listener) throws KeySourceException {
        KeySetParser parser = new KeySetParser();
        this.fetchers = Executors.newFixedThreadPool(Math.max(1, Math.min(issuers.size(), 4)),
                threads(threadPrefix + "-key-fetch"));
        Map<String, IssuerKeyStore> built = new LinkedHashMap<>();
        for (IssuerConfig issuer : issuers) {
            KeySetSource source = new RetryingKeySetSource(source(issuer, parser, clock, listener),
                    Duration.ofMillis(200));
            built.put(issuer.issuer(), new IssuerKeyStore(issuer.issuer(), source, issuer.keyCache(), persisted,
                    parser, fetchers, clock, listener));
        }
        this.stores = java.util.Collections.unmodifiableMap(built);
        this.ticker = Executors.newSingleThreadScheduledExecutor(threads(threadPrefix + "-key-refresh"));
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        for (IssuerKeyStore store : stores.values()) {
            try {
                store.refreshIfDue();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Background key refresh of " + store.issuer() + " failed", e);
            }
        }
    }

    /**
     * The key source of one issuer as a key store would use it, without retries, persistence or threads: for a
     * check that fetches each issuer's keys once ({@code tomcat/check-config.sh --fetch}).
     *
     * @throws KeySourceException when its trust store cannot be loaded
     */
    public static KeySetSource sourceOf(IssuerConfig issuer, Clock clock, KeySourceListener listener)
            throws KeySourceException {
        return source(issuer, new KeySetParser(), clock, listener);
    }

    private static KeySetSource source(IssuerConfig issuer, KeySetParser parser, Clock clock,
                                       KeySourceListener listener) throws KeySourceException {
        KeySourceSpec spec = issuer.keySource();
        if (spec instanceof KeySourceSpec.SharedSecret s) {
            return new SharedSecretKeySetSource(s.path(), clock);
        }
        if (spec instanceof KeySourceSpec.SharedSecretValue v) {
            return SharedSecretKeySetSource.ofValue(v.reference(), v.secret(), clock);
        }
        JwksFetcher fetcher;
        if (spec instanceof KeySourceSpec.JwksFile f) {
            fetcher = new FileJwksFetcher(f.path(), issuer.fetch().maxResponseBytes());
        } else if (spec instanceof KeySourceSpec.JwksUri u) {
            fetcher = new HttpJwksFetcher(u.uri(), issuer.fetch(), sslFor(issuer.fetch()));
        } else {
            KeySourceSpec.Discovery d = (KeySourceSpec.Discovery) spec;
            fetcher = new DiscoveryJwksFetcher(issuer.issuer(), d.configurationUri(), issuer.fetch(),
                    sslFor(issuer.fetch()));
        }
        return new FetchingKeySetSource(issuer.issuer(), fetcher, parser, clock, listener);
    }

    /** @return a socket factory trusting the issuer's own trust store, or null for the JVM default */
    public static SSLSocketFactory sslFor(FetchSettings fetch) throws KeySourceException {
        if (fetch.trustStore().isEmpty()) {
            return null;
        }
        Path path = fetch.trustStore().get();
        char[] password = fetch.trustStorePassword().map(String::toCharArray).orElse(null);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore trust = KeyStore.getInstance(path.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            trust.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new KeySourceException("cannot load trust store " + path + ": " + e.getClass().getSimpleName());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the store of this exact issuer, or null when the issuer is not configured */
    public IssuerKeyStore forIssuer(String issuer) {
        return stores.get(issuer);
    }

    public Collection<IssuerKeyStore> all() {
        return stores.values();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        fetchers.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            fetchers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
