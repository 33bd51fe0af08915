package org.jwtverifier.jwks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.config.KeyCacheSettings;

/**
 * The keys of one issuer, as the request path sees them. Requests read the held key set and never wait on the IdP
 * in normal operation:
 * <ul>
 *   <li>a key set younger than its TTL is used as is; a background tick refreshes it {@code refreshAhead} before
 *       the TTL runs out (refresh-ahead), or as soon as a local file changes;</li>
 *   <li>past its TTL (the IdP failing) it is still used until {@code maxStale}, while refreshes are retried with
 *       backoff (outage tolerance); the last good set is persisted, so a restart during an outage keeps it;</li>
 *   <li>an unknown {@code kid} triggers a forced refresh that is single-flight (concurrent misses share one fetch)
 *       and rate-limited ({@code minRefreshInterval}); a request waits for it at most {@code unknownKidWait}.</li>
 * </ul>
 * Keys are bound to this issuer: nothing here is shared with another issuer's store.
 *
 * <p>Longer than the project's other classes on purpose: the held set, its fetch time, the refresh schedule, the
 * backoff and the single-flight forced refresh are one state machine, changed under one lock; split across classes
 * its transitions would need a shared mutable state that no class owns.
 */
public final class IssuerKeyStore {
    private static final Logger LOG = Logger.getLogger(IssuerKeyStore.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final String issuer;
    private final KeySetSource source;
    private final KeyCacheSettings settings;
    private final PersistedKeySets persisted;
    private final Executor fetchExecutor;
    private final Clock clock;
    private final KeySourceListener listener;

    private final String persistenceKey;
    private volatile KeySet held;
    /** A key set restored from disk is used at once but refreshed at the first tick: it may be from long ago. */
    private volatile boolean restored;
    private volatile Instant lastAttempt;
    private volatile String lastError;
    private int consecutiveFailures;
    private CompletableFuture<KeySet> inFlight;

    public IssuerKeyStore(String issuer, KeySetSource source, KeyCacheSettings settings, PersistedKeySets persisted,
                          KeySetParser parser, Executor fetchExecutor, Clock clock, KeySourceListener listener) {
        this.issuer = issuer;
        this.source = source;
        this.settings = settings;
        this.persisted = persisted;
        this.fetchExecutor = fetchExecutor;
        this.clock = clock;
        this.listener = listener;
        this.persistenceKey = persistenceKey(issuer, source);
        this.held = restore(parser);
        this.restored = held != null;
    }

    /**
     * Persisted per issuer and exact source, never per description: a set fetched from another URL (one that
     * differs only in its query included) must never come back for this one.
     */
    static String persistenceKey(String issuer, KeySetSource source) {
        return issuer + "\n" + source.persistenceIdentity();
    }

    private KeySet restore(KeySetParser parser) {
        return persisted.get(persistenceKey).map(entry -> {
            try {
                KeySet keys = parser.parse(issuer, entry.document(), entry.fetchedAt(), KeySourceListener.NONE);
                LOG.log(Level.INFO, "Restored {0} persisted key(s) of issuer {1} fetched at {2}",
                        new Object[]{keys.keys().size(), issuer, entry.fetchedAt()});
                return keys;
            } catch (KeySourceException e) {
                LOG.log(Level.WARNING, "Ignoring persisted key set of issuer {0}: {1}",
                        new Object[]{issuer, e.getMessage()});
                return null;
            }
        }).orElse(null);
    }

    public String issuer() {
        return issuer;
    }

    /**
     * Finds the key for a token header of this issuer.
     *
     * @param kid          the header's {@code kid}, or null
     * @param jwsAlgorithm the header's {@code alg}, already checked against the allow-list
     * @throws KeysUnavailableException when no usable key set is held and none could be had in time
     */
    public KeyLookup lookup(String kid, String jwsAlgorithm) throws KeysUnavailableException {
        KeySet keys = usableKeySet();
        KeyLookup found = lookupIn(keys, kid, jwsAlgorithm);
        if (!(found instanceof KeyLookup.UnknownKey)) {
            return found;
        }
        CompletableFuture<KeySet> refresh = forcedRefresh();
        if (refresh == null) {
            return found;
        }
        KeySet refreshed = await(refresh, settings.unknownKidWait());
        return refreshed == null ? found : lookupIn(refreshed, kid, jwsAlgorithm);
    }

    private static KeyLookup lookupIn(KeySet keys, String kid, String jwsAlgorithm) {
        VerificationKey key = kid == null ? keys.soleKeyFor(jwsAlgorithm) : keys.byKid(kid);
        if (key == null) {
            return new KeyLookup.UnknownKey();
        }
        return key.permits(jwsAlgorithm) ? new KeyLookup.Found(key) : new KeyLookup.Unusable();
    }

    /**
     * Whether a verification of a token with this header would now be handed this very key: the lookup
     * {@link #lookup} makes, on the held key set, without fetching. For a token cache: besides a key rotated out
     * or replaced under its {@code kid}, it also sees a token without {@code kid} that no longer names one key
     * (a second key now permits its algorithm, see {@link KeySet#soleKeyFor}).
     *
     * @param kid          the token header's {@code kid}, or null
     * @param jwsAlgorithm the token header's {@code alg}
     * @param key          the key a lookup of this store found for that header, possibly from an earlier key set
     */
    public boolean selects(String kid, String jwsAlgorithm, VerificationKey key) {
        KeySet keys = held;
        if (key == null || keys == null
                || Duration.between(keys.fetchedAt(), clock.instant()).compareTo(settings.maxStale()) >= 0) {
            return false;
        }
        return lookupIn(keys, kid, jwsAlgorithm) instanceof KeyLookup.Found found && found.key().sameKeyAs(key);
    }

    /**
     * @return the held key set if it may still be used (younger than max-stale), else one loaded now within the
     *         bounded wait
     */
    private KeySet usableKeySet() throws KeysUnavailableException {
        KeySet keys = held;
        Instant now = clock.instant();
        if (keys != null) {
            Duration age = Duration.between(keys.fetchedAt(), now);
            if (age.compareTo(settings.ttl()) < 0) {
                return keys;
            }
            if (age.compareTo(settings.maxStale()) < 0) {
                listener.servedStale(issuer, age);
                refreshInBackgroundIfDue(now);
                return keys;
            }
        }
        CompletableFuture<KeySet> refresh = refreshUnlessBackingOff(now);
        KeySet loaded = refresh == null ? null : await(refresh, settings.unknownKidWait());
        if (loaded == null) {
            throw new KeysUnavailableException(keys == null ? "no keys held"
                    : "held keys are older than maxStale " + settings.maxStale());
        }
        return loaded;
    }

    /** Background tick: refresh ahead of the TTL, after a local file changed, or to retry after failures. */
    public void refreshIfDue() {
        refreshInBackgroundIfDue(clock.instant());
    }

    private void refreshInBackgroundIfDue(Instant now) {
        KeySet keys = held;
        boolean due = keys == null || restored
                || Duration.between(keys.fetchedAt(), now).compareTo(settings.ttl().minus(settings.refreshAhead())) >= 0
                || source.changedSince(keys);
        if (due) {
            refreshUnlessBackingOff(now);
        }
    }

    /** An unknown {@code kid}: refresh unless one ran within {@code minRefreshInterval}; join one in flight. */
    private synchronized CompletableFuture<KeySet> forcedRefresh() {
        if (inFlight != null) {
            return inFlight;
        }
        Instant now = clock.instant();
        if (lastAttempt != null && Duration.between(lastAttempt, now).compareTo(settings.minRefreshInterval()) < 0) {
            listener.refreshRateLimited(issuer);
            return null;
        }
        return startRefresh(now);
    }

    private synchronized CompletableFuture<KeySet> refreshUnlessBackingOff(Instant now) {
        if (inFlight != null) {
            return inFlight;
        }
        if (lastAttempt != null && consecutiveFailures > 0
                && Duration.between(lastAttempt, now).compareTo(backoff()) < 0) {
            return null;
        }
        return startRefresh(now);
    }

    /** Retry interval after failures: 1 s doubling, capped at {@code minRefreshInterval}. */
    private Duration backoff() {
        int doublings = Math.min(consecutiveFailures - 1, 20);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return d.compareTo(settings.minRefreshInterval()) > 0 ? settings.minRefreshInterval() : d;
    }

    private CompletableFuture<KeySet> startRefresh(Instant now) {
        lastAttempt = now;
        CompletableFuture<KeySet> future = new CompletableFuture<>();
        inFlight = future;
        try {
            fetchExecutor.execute(() -> complete(future));
        } catch (RuntimeException rejected) {
            inFlight = null;
            future.completeExceptionally(rejected);
        }
        return future;
    }

    private void complete(CompletableFuture<KeySet> future) {
        try {
            KeySet keys = source.load();
            held = keys;
            restored = false;
            persisted.put(persistenceKey, keys);
            synchronized (this) {
                consecutiveFailures = 0;
                lastError = null;
                inFlight = null;
            }
            future.complete(keys);
        } catch (KeySourceException | RuntimeException e) {
            synchronized (this) {
                consecutiveFailures++;
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                inFlight = null;
            }
            LOG.log(Level.WARNING, "Key refresh of issuer {0} failed: {1}", new Object[]{issuer, lastError});
            future.completeExceptionally(e);
        }
    }

    private static KeySet await(CompletableFuture<KeySet> future, Duration wait) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            return null;
        }
    }

    /**
     * Fetches now, ignoring the rate limit and backoff (an operator's action), and waits for the outcome.
     *
     * @param wait how long to wait for the fetch
     * @return a one-line outcome for the console
     */
    public String refreshNow(Duration wait) {
        CompletableFuture<KeySet> future;
        synchronized (this) {
            future = inFlight != null ? inFlight : startRefresh(clock.instant());
        }
        KeySet keys = await(future, wait);
        if (keys == null) {
            return "refresh failed: " + (lastError == null ? "no answer within " + wait : lastError);
        }
        return "refreshed: " + keys.keys().size() + " key(s) " + keys.keyIds()
                + (keys.skipped() > 0 ? ", " + keys.skipped() + " skipped" : "");
    }

    /** Drops the held and persisted key set, then fetches anew. */
    public String flush(Duration wait) {
        held = null;
        persisted.remove(persistenceKey);
        return refreshNow(wait);
    }

    public KeyStoreStatus status() {
        KeySet keys = held;
        Instant now = clock.instant();
        Duration age = keys == null ? null : Duration.between(keys.fetchedAt(), now);
        boolean usable = age != null && age.compareTo(settings.maxStale()) < 0;
        boolean stale = age != null && age.compareTo(settings.ttl()) >= 0;
        return new KeyStoreStatus(issuer, source.toString(), keys == null ? Map.of() : keys.describe(),
                keys == null ? null : keys.fetchedAt(), age, usable, stale,
                lastAttempt, lastError);
    }
}
