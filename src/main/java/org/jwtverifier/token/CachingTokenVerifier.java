package org.jwtverifier.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.jwtverifier.jwks.VerificationKey;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.verdict.Reason;

/**
 * Remembers verified tokens so a token seen again skips signature verification, and never changes a decision by
 * it. Keyed by the token's SHA-256 (the token itself is never kept as a key); the value holds only the claims the
 * policies and identity headers use, its {@link TimeClaims}, and the key that verified the signature. An entry
 * lives at most {@code maxTtl}, and every hit runs the per-decision checks again (see {@code hit}):
 * <ul>
 *   <li>the key: served only while its issuer's store would hand that very key to a fresh verification of the
 *       token's header: same {@code kid}, same key material, and for a token without {@code kid} still the only
 *       key for its algorithm. A key removed by rotation, replaced by other material under the same {@code kid}
 *       (a reused kid after a compromise, a botched rotation), or joined by a second key a {@code kid}-less token
 *       could mean, stops admitting its cached tokens at the next refresh: they are verified again, against what
 *       the store holds then;</li>
 *   <li>the time claims, with the code and the skew of a fresh verification: a cached token is rejected as
 *       expired at the very millisecond a never-seen token with the same claims is, and as not yet valid or issued
 *       in the future after the clock stepped back;</li>
 *   <li>revocation, with the {@code jti}, {@code sub}, {@code sid} and {@code iat} kept from the verification
 *       ({@link RevocationClaims}), against the same {@link RevocationCheck} a fresh verification asks: a token
 *       revoked after it was cached is rejected from its next hit on. The entry is kept, so a revoked token sent
 *       again and again costs a lookup, not a signature verification, and is admitted again (still verified) if
 *       the revocation is removed.</li>
 * </ul>
 * Only verified tokens are cached: a rejected token is verified again every time, so the cache cannot be filled by
 * garbage.
 */
public final class CachingTokenVerifier implements TokenVerifier, AutoCloseable {
    private static final String CACHE = "verified-tokens";

    private record Digest(long a, long b, long c, long d) {
    }

    /** @param notAfter when the entry stops being served ({@code maxTtl} after it was made) */
    private record Entry(String issuer, String kid, String alg, VerificationKey key, Map<String, Object> claims,
                         TimeClaims times, RevocationClaims revocable, Instant notAfter) {
    }

    /** Asks the key stores whether a cached verification's key is still the one a fresh verification would use. */
    @FunctionalInterface
    public interface KeyCheck {
        /**
         * @param issuer the issuer the token was verified against
         * @param kid    the token header's {@code kid}, or null
         * @param alg    the token header's {@code alg}
         * @param key    the key that verified it
         * @return whether that issuer's store would hand this very key (material included) to a verification of
         *         this header now; asked on every hit, so it must be cheap and never fetch
         */
        boolean stillSelects(String issuer, String kid, String alg, VerificationKey key);
    }

    private final TokenVerifier delegate;
    private final Set<String> keptClaims;
    private final KeyCheck keyCheck;
    private final RevocationCheck revocations;
    private final Duration maxTtl;
    private final Clock clock;
    private final CacheManager manager;
    private final Cache<Digest, Entry> cache;
    private final MessageDigest sha256;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param delegate     verifies on a miss
     * @param keptClaims   the claims worth keeping (used by policies and identity headers)
     * @param keyCheck     whether the key that verified a token is still the one its header selects
     * @param maxEntries   bound on the number of entries
     * @param maxTtl       bound on an entry's life
     */
    public CachingTokenVerifier(TokenVerifier delegate, Set<String> keptClaims,
                                KeyCheck keyCheck, long maxEntries, Duration maxTtl,
                                Clock clock) {
        this(delegate, keptClaims, keyCheck, RevocationCheck.NONE, maxEntries, maxTtl, clock);
    }

    /**
     * @param revocations the check a hit runs after the time claims; the very one {@code delegate}'s verifiers run
     */
    public CachingTokenVerifier(TokenVerifier delegate, Set<String> keptClaims,
                                KeyCheck keyCheck, RevocationCheck revocations, long maxEntries, Duration maxTtl,
                                Clock clock) {
        this.delegate = delegate;
        this.keptClaims = Set.copyOf(keptClaims);
        this.keyCheck = keyCheck;
        this.revocations = revocations;
        this.maxTtl = maxTtl;
        this.clock = clock;
        this.manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withClassLoader(CachingTokenVerifier.class.getClassLoader())
                .withCache(CACHE, CacheConfigurationBuilder.newCacheConfigurationBuilder(Digest.class, Entry.class,
                                ResourcePoolsBuilder.newResourcePoolsBuilder().heap(maxEntries, EntryUnit.ENTRIES))
                        .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(maxTtl)))
                .build(true);
        this.cache = manager.getCache(CACHE, Digest.class, Entry.class);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public Verification verify(String token) {
        Digest digest = digest(token);
        Entry entry = cache.get(digest);
        if (entry != null) {
            Verification answer = hit(digest, entry);
            if (answer != null) {
                hits.increment();
                return answer;
            }
        }
        misses.increment();
        Instant now = clock.instant();
        Verification verification = delegate.verify(token);
        if (verification instanceof Verification.Verified ok) {
            Map<String, Object> kept = new HashMap<>();
            for (String claim : keptClaims) {
                Object value = ok.claims().get(claim);
                if (value != null) {
                    kept.put(claim, value);
                }
            }
            cache.put(digest, new Entry(ok.issuer(), ok.kid(), ok.alg(), ok.key(), Map.copyOf(kept), ok.times(),
                    RevocationClaims.of(ok.claims()), now.plus(maxTtl)));
        }
        return verification;
    }

    /**
     * The checks every decision served from the cache goes through, in the order a fresh verification makes them:
     * the key first (a fresh verification looks it up before it reads a claim), then the time claims, then
     * revocation.
     *
     * @return the answer from the cache, or null to verify afresh (the entry is then gone)
     */
    private Verification hit(Digest digest, Entry entry) {
        Instant now = clock.instant();
        // Past its life, or its key no longer held: what the key store holds now decides, in a fresh verification.
        if (!now.isBefore(entry.notAfter())
                || !keyCheck.stillSelects(entry.issuer(), entry.kid(), entry.alg(), entry.key())) {
            cache.remove(digest);
            return null;
        }
        Optional<Reason> outOfTime = entry.times().check(clock);
        if (outOfTime.isPresent()) {
            // The same verdict a fresh verification reaches now (TimeClaims is its check too). Forgotten, so the
            // cache holds verified tokens only; should the clock step back, the token is verified afresh.
            cache.remove(digest);
            return new Verification.Rejected(outOfTime.get(), entry.issuer(), entry.kid());
        }
        if (entry.revocable().revoked(revocations, entry.issuer(), entry.times(), clock)) {
            // Kept: still a verified token, and the revocation may be removed again.
            return new Verification.Rejected(Reason.REVOKED, entry.issuer(), entry.kid());
        }
        return new Verification.Verified(entry.issuer(), entry.kid(), entry.alg(), entry.key(), entry.claims(),
                entry.times());
    }

    private Digest digest(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) sha256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer hash = ByteBuffer.wrap(md.digest(token.getBytes(StandardCharsets.US_ASCII)));
        return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** @return the number of entries (counts expired ones not yet evicted) */
    public long size() {
        long n = 0;
        for (Cache.Entry<Digest, Entry> ignored : cache) {
            n++;
        }
        return n;
    }

    /** Forgets every cached verification. */
    public void flush() {
        cache.clear();
    }

    @Override
    public void close() {
        manager.close();
    }
}
