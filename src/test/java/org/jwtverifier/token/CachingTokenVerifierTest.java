package org.jwtverifier.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jwtverifier.jwks.MutableClock;
import org.jwtverifier.jwks.TestKeys;
import org.jwtverifier.jwks.VerificationKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    /** What the issuer's store holds under kid k1 (null: nothing); the delegate verifies with it. */
    private volatile VerificationKey held = key(TestKeys.RSA);
    private final TokenVerifier counting = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            return new Verification.Rejected(Reason.BAD_SIGNATURE, "iss", "k1");
        }
        if (held == null) {
            return new Verification.Rejected(Reason.UNKNOWN_KID, "iss", "k1");
        }
        long exp = Long.parseLong(token.substring(token.indexOf(':') + 1));
        return new Verification.Verified("iss", "k1", held, Map.of("sub", "alice", "exp", new Date(exp * 1000),
                "secret", "not kept"));
    };
    private CachingTokenVerifier cache = cache(100, Duration.ofMinutes(5));

    private CachingTokenVerifier cache(long entries, Duration ttl) {
        return new CachingTokenVerifier(counting, Set.of("sub", "exp"), (iss, key) -> {
            VerificationKey current = held;
            return current != null && current.sameKeyAs(key);
        }, entries, ttl, clock);
    }

    /** The key as a refresh of the store parses it: a new object every time. */
    private static VerificationKey key(TestKeys material) {
        return new VerificationKey("k1", material.publicKey(), "RSA", null, "RS256", "sig", Set.of());
    }

    private String token(String name, Duration lifetime) {
        return name + ":" + clock.instant().plus(lifetime).getEpochSecond();
    }

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void verifyWhenSameTokenAgainThenServedFromCacheWithTheKeptClaimsOnly() {
        String token = token("a", Duration.ofHours(1));
        cache.verify(token);
        Verification.Verified hit = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, verifications.get());
        assertEquals("alice", hit.claims().get("sub"));
        assertFalse(hit.claims().containsKey("secret"));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void verifyWhenTokenExpiresBeforeMaxTtlThenEntryEndsAtExp() {
        String token = token("a", Duration.ofSeconds(30));
        cache.verify(token);
        clock.advance(Duration.ofSeconds(31));
        cache.verify(token);
        assertEquals(2, verifications.get());
    }

    @Test
    void verifyWhenRejectedThenNeverCached() {
        cache.verify("bad-token");
        cache.verify("bad-token");
        assertEquals(2, verifications.get());
        assertEquals(0, cache.size());
    }

    @Test
    void verifyWhenKeyRotatedOutThenCachedTokenIsVerifiedAgain() {
        String token = token("a", Duration.ofHours(1));
        cache.verify(token);
        held = null;
        cache.verify(token);
        assertEquals(2, verifications.get());
    }

    @Test
    void verifyWhenKeyMaterialUnderTheSameKidChangedThenCachedTokenIsVerifiedAgain() {
        String token = token("a", Duration.ofHours(1));
        VerificationKey original = held;
        cache.verify(token);
        assertSame(original, assertInstanceOf(Verification.Verified.class, cache.verify(token)).key());
        assertEquals(1, verifications.get());

        held = key(TestKeys.RSA_REUSED_KID);
        Verification.Verified again = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(2, verifications.get(), "the delegate was asked again");
        assertSame(held, again.key());
        cache.verify(token);
        assertEquals(2, verifications.get(), "cached anew with the key that verified it this time");
    }

    @Test
    void verifyWhenKeyIsParsedAnewWithTheSameMaterialThenStillServedFromCache() {
        String token = token("a", Duration.ofHours(1));
        cache.verify(token);
        held = key(TestKeys.RSA);
        cache.verify(token);
        assertEquals(1, verifications.get());
        assertEquals(1, cache.hits());
    }

    @Test
    void verifyWhenMoreTokensThanEntriesThenSizeStaysBounded() {
        cache.close();
        cache = cache(50, Duration.ofMinutes(5));
        for (int i = 0; i < 5_000; i++) {
            cache.verify(token("t" + i, Duration.ofHours(1)));
        }
        assertTrue(cache.size() <= 50, "size " + cache.size());
    }

    @Test
    void flushThenEveryTokenIsVerifiedAgain() {
        String token = token("a", Duration.ofHours(1));
        cache.verify(token);
        cache.flush();
        cache.verify(token);
        assertEquals(2, verifications.get());
    }
}
