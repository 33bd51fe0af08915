package org.jwtverifier.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;

/**
 * Making and removing revocations, for JMX and back-channel logout: checks what is asked against the running
 * configuration, works out when each entry ends, and keeps the store and the request path's
 * {@link RevocationIndex} in step. Outlives configuration reloads, like the store.
 *
 * <p>When an entry ends ({@link Revocation#expiresAt()}): once no token it matches can still be valid.
 * <ul>
 *   <li>{@code jti} until a given instant: then (the operator's choice, at most {@code maxTokenLifetime} plus
 *       the issuer's skew ahead);</li>
 *   <li>{@code jti} without an end, subject and session: {@code now + maxTokenLifetime + skew}, since every token
 *       issued up to now has expired by then (a token lives at most {@code maxTokenLifetime}, and is admitted up to
 *       {@code skew} past its {@code exp}). Tokens of a session issued later are revoked only for as long.</li>
 * </ul>
 */
public final class Revocations implements AutoCloseable {
    private final RevocationStore store;
    private final RevocationIndex index;
    private final Clock clock;

    /** Takes ownership of {@code store}: {@link #close()} closes it. */
    public Revocations(RevocationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.index = RevocationIndex.following(store);
    }

    /** @return the request path's check */
    public RevocationIndex index() {
        return index;
    }

    public RevocationStore store() {
        return store;
    }

    /**
     * @param until when the revocation ends, or null for as long as a token can live
     * @throws IllegalArgumentException naming what is wrong with the request (unknown issuer, an {@code until} in
     *                                  the past or beyond the longest token lifetime)
     */
    public Revocation revokeTokenId(VerifierConfig config, String issuer, String jti, Instant until, String by)
            throws RevocationLimitException {
        Instant now = clock.instant();
        Instant longest = now.plus(longestValidity(config, issuer));
        if (until != null && !until.isAfter(now)) {
            throw new IllegalArgumentException("until must be in the future");
        }
        if (until != null && until.isAfter(longest)) {
            throw new IllegalArgumentException("until must be at most revocation.maxTokenLifetime plus the issuer's"
                    + " clockSkew ahead (" + longest + ")");
        }
        return put(new Revocation(Revocation.Kind.TOKEN_ID, issuer, required(jti, "jti"), null,
                until == null ? longest : until, now, by));
    }

    /** Revokes every token of {@code sub} issued up to now (and those without {@code iat}). */
    public Revocation revokeSubject(VerifierConfig config, String issuer, String sub, String by)
            throws RevocationLimitException {
        return revokeSubjectIssuedUpTo(config, issuer, sub, clock.instant(), by);
    }

    /**
     * Revokes every token of {@code sub} issued at or before {@code upTo} (and those without {@code iat}), until
     * the last of them has expired: {@code upTo} plus the longest lifetime and the skew.
     *
     * <p>Never narrows a subject revocation in force: when one already reaches {@code upTo} or later, it stays
     * as it is and is returned. So the same logout token received again, by this replica after a restart or by
     * another one (each remembers the {@code jti}s it accepted on its own), changes nothing, and neither does a
     * logout older than a revocation an operator made since. Synchronized so that two at once on this replica
     * cannot both read the old entry; across replicas, of two changes of one key the later one wins.
     */
    public synchronized Revocation revokeSubjectIssuedUpTo(VerifierConfig config, String issuer, String sub, Instant upTo,
                                              String by) throws RevocationLimitException {
        Instant now = clock.instant();
        Duration longest = longestValidity(config, issuer);
        Revocation.Key key = new Revocation.Key(Revocation.Kind.SUBJECT, issuer, required(sub, "sub"));
        Optional<Revocation> held = store.get(key).filter(r -> !r.expired(now));
        if (held.isPresent() && !held.get().issuedAtOrBefore().isBefore(upTo)) {
            return held.get();
        }
        return put(new Revocation(Revocation.Kind.SUBJECT, issuer, sub, upTo, upTo.plus(longest), now, by));
    }

    /** Revokes every token of the session {@code sid}. */
    public Revocation revokeSession(VerifierConfig config, String issuer, String sid, String by)
            throws RevocationLimitException {
        Instant now = clock.instant();
        return put(new Revocation(Revocation.Kind.SESSION, issuer, required(sid, "sid"), null,
                now.plus(longestValidity(config, issuer)), now, by));
    }

    // The index is updated here, in constant time, rather than rebuilt from the store on its change event: a
    // rebuild costs time in proportion to the entries held (tens to hundreds of milliseconds at 100000).
    private Revocation put(Revocation revocation) throws RevocationLimitException {
        index.withoutRebuild(() -> store.put(revocation));
        index.added(revocation);
        return revocation;
    }

    /** @return whether there was such a revocation */
    public boolean remove(Revocation.Kind kind, String issuer, String value) {
        required(issuer, "issuer");
        required(value, "value");
        boolean[] removed = new boolean[1];
        index.withoutRebuild(() -> removed[0] = store.remove(kind, issuer, value));
        index.removed(kind, issuer, value);
        return removed[0];
    }

    /** @return at most {@code max} revocations in force, newest first */
    public List<Revocation> list(int max) {
        Instant now = clock.instant();
        return store.all().stream().filter(r -> !r.expired(now))
                .sorted(Comparator.comparing(Revocation::createdAt).reversed()
                        .thenComparing(r -> r.key().encode()))
                .limit(Math.max(0, max)).toList();
    }

    /** @return entries by kind, as the request path holds them */
    public Map<Revocation.Kind, Long> counts() {
        return index.counts();
    }

    public RevocationStoreState state() {
        return store.state();
    }

    /** How long a token issued now can be admitted: the longest lifetime plus the issuer's skew. */
    private static Duration longestValidity(VerifierConfig config, String issuer) {
        IssuerConfig trusted = config.issuers().get(required(issuer, "issuer"));
        if (trusted == null) {
            throw new IllegalArgumentException("'" + issuer + "' is not a configured issuer");
        }
        return config.revocation().maxTokenLifetime().plus(trusted.clockSkew());
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.length() > LocalRevocationStore.MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(what + " must be at most " + LocalRevocationStore.MAX_VALUE_LENGTH
                    + " characters");
        }
        return value;
    }

    @Override
    public void close() {
        store.close();
    }
}
