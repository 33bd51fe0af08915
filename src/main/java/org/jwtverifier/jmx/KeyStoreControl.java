package org.jwtverifier.jmx;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * Looks its issuer's store up on every call, so it follows configuration reloads, and holds that configuration
 * meanwhile: a reload closes the store's fetch threads only after a running {@code refreshNow} has returned.
 */
final class KeyStoreControl implements KeyStoreMXBean {
    /** Operators wait this long for refreshNow and flush before the console gets an answer. */
    private static final Duration OPERATOR_WAIT = Duration.ofSeconds(10);

    private final String issuer;
    private final VerifierRuntime runtime;

    KeyStoreControl(String issuer, VerifierRuntime runtime) {
        this.issuer = issuer;
        this.runtime = runtime;
    }

    /** Applies {@code action} to the issuer's current store while its configuration is held. */
    private <T> T withStore(Function<IssuerKeyStore, T> action) {
        return runtime.read(assembly -> {
            IssuerKeyStore store = assembly.keyStores().forIssuer(issuer);
            if (store == null) {
                throw new IllegalStateException("issuer " + issuer + " is no longer configured");
            }
            return action.apply(store);
        });
    }

    private KeyStoreStatus status() {
        return withStore(IssuerKeyStore::status);
    }

    /** JMX consoles show {@code Date}; an instant not yet known (no fetch so far) stays null. */
    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private VerifierMetrics metrics() {
        return runtime.metrics();
    }

    @Override
    public String getIssuer() {
        return issuer;
    }

    @Override
    public String getSource() {
        return status().source();
    }

    @Override
    public Map<String, String> getKeys() {
        return status().keys();
    }

    @Override
    public Date getLastRefresh() {
        return date(status().fetchedAt());
    }

    @Override
    public long getKeySetAgeSeconds() {
        KeyStoreStatus s = status();
        return s.age() == null ? -1 : s.age().toSeconds();
    }

    @Override
    public boolean isUsable() {
        return status().usable();
    }

    @Override
    public boolean isStale() {
        return status().stale();
    }

    @Override
    public Date getLastAttempt() {
        return date(status().lastAttempt());
    }

    @Override
    public String getLastError() {
        return status().lastError();
    }

    @Override
    public long getFetchSuccessCount() {
        return metrics().fetches(issuer, "success");
    }

    @Override
    public long getFetchFailureCount() {
        return metrics().fetches(issuer, "failure");
    }

    @Override
    public long getRateLimitedCount() {
        return metrics().rateLimited(issuer);
    }

    @Override
    public long getStaleServedCount() {
        return metrics().staleServed(issuer);
    }

    @Override
    public long getSkippedKeyCount() {
        return metrics().keysSkipped(issuer);
    }

    @Override
    public String refreshNow() {
        return withStore(store -> store.refreshNow(OPERATOR_WAIT));
    }

    @Override
    public String flush() {
        return withStore(store -> store.flush(OPERATOR_WAIT));
    }
}
