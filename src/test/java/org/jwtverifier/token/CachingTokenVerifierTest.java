package org.jwtverifier.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.JwtBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jwtverifier.verdict.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.testsupport.Tokens;

/**
 * The verified-token cache over the real verifier: tokens signed with the test keys, parsed by JJWT, keys from a
 * real {@link IssuerKeyStore}. Every claim the cache sees comes out of JJWT's parser.
 */
class CachingTokenVerifierTest {
    private static final String ISSUER = "https://a.example";
    private static final Duration SKEW = TestIssuers.CLOCK_SKEW;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final ScriptedSource jwks = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA)));
    private final IssuerConfig issuer = TestIssuers.config(ISSUER, Set.of("RS256"));
    private final IssuerKeyStore store = TestIssuers.store(issuer, jwks, persisted, clock);
    private final JwtTokenVerifier real = new JwtTokenVerifier(Map.of(ISSUER, new IssuerVerifier(issuer, store, clock)));
    private final AtomicInteger verifications = new AtomicInteger();
    /** The real verifier, counted: how often the cache asked it. */
    private final TokenVerifier counting = token -> {
        verifications.incrementAndGet();
        return real.verify(token);
    };
    private CachingTokenVerifier cache = cache(100, Duration.ofMinutes(5));

    private CachingTokenVerifier cache(long entries, Duration ttl) {
        return new CachingTokenVerifier(counting, Set.of("sub", "exp"),
                VerifierAssembly.keyCheck(iss -> ISSUER.equals(iss) ? store : null), entries, ttl, clock);
    }

    @AfterEach
    void close() {
        cache.close();
        persisted.close();
    }

    private JwtBuilder claims(String subject) {
        Instant now = clock.instant();
        return TestKeys.RSA.sign().issuer(ISSUER).audience().add("api").and().subject(subject)
                .claim("secret", "not kept").issuedAt(Date.from(now));
    }

    private String token(String subject, Duration lifetime) {
        return claims(subject).expiration(Date.from(clock.instant().plus(lifetime))).compact();
    }

    private Reason rejection(Verification verification) {
        return assertInstanceOf(Verification.Rejected.class, verification).reason();
    }

    /** The store's regular refresh, after the JWKS changed. */
    private void refresh() {
        store.refreshNow(Duration.ofSeconds(1));
    }

    @Test
    void verifyWhenSameTokenAgainThenServedFromCacheWithTheKeptClaimsOnly() {
        String token = token("alice", Duration.ofHours(1));
        assertTrue(assertInstanceOf(Verification.Verified.class, cache.verify(token)).claims()
                .containsKey("secret"), "a fresh verification has every claim");
        Verification.Verified hit = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, verifications.get());
        assertEquals("alice", hit.claims().get("sub"));
        assertFalse(hit.claims().containsKey("secret"));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void verifyWhenCachedTokenExpiresThenRejectedAsExpired() {
        String token = token("alice", Duration.ofSeconds(30));
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        clock.advance(Duration.ofSeconds(30).plus(SKEW).plusMillis(1));
        assertEquals(Reason.EXPIRED, rejection(cache.verify(token)));
        assertEquals(Reason.EXPIRED, rejection(real.verify(token)), "what a fresh verification says");
        assertEquals(Reason.EXPIRED, rejection(cache.verify(token)), "and again, once the entry is gone");
        assertEquals(0, cache.size());
    }

    @Test
    void verifyWhenCachedTokenIsExactlyAtExpPlusSkewThenStillAdmittedAsByJjwt() {
        String token = token("alice", Duration.ofSeconds(30));
        cache.verify(token);
        clock.advance(Duration.ofSeconds(30).plus(SKEW));
        assertInstanceOf(Verification.Verified.class, real.verify(token));
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, cache.hits());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Reason.EXPIRED, rejection(cache.verify(token)));
    }

    @Test
    void verifyWhenClockStepsBackBeforeNbfOfCachedTokenThenRejectedAsNotYetValid() {
        Instant now = clock.instant();
        String token = claims("alice").notBefore(Date.from(now)).expiration(Date.from(now.plusSeconds(3600)))
                .compact();
        assertCachedThenClockStepsBackPastSkewThenBothReject(token, Reason.NOT_YET_VALID);
    }

    @Test
    void verifyWhenClockStepsBackBeforeIatOfCachedTokenThenRejectedAsIssuedInFuture() {
        String token = token("alice", Duration.ofHours(1));
        assertCachedThenClockStepsBackPastSkewThenBothReject(token, Reason.ISSUED_IN_FUTURE);
    }

    /** Caches {@code token}, steps the clock back past the skew, and expects the cache to agree with the verifier. */
    private void assertCachedThenClockStepsBackPastSkewThenBothReject(String token, Reason expected) {
        cache.verify(token);
        clock.advance(SKEW.negated().minusSeconds(1));
        assertEquals(expected, rejection(real.verify(token)));
        assertEquals(expected, rejection(cache.verify(token)));
    }

    @Test
    void verifyWhenTimeClaimIsAJsonStringThenMalformedClaimEveryTime() {
        for (String claim : List.of("exp", "nbf", "iat")) {
            Map<String, Object> claims = new LinkedHashMap<>();
            long now = clock.instant().getEpochSecond();
            claims.put("iss", ISSUER);
            claims.put("aud", "api");
            claims.put("exp", now + 3600);
            claims.put(claim, String.valueOf(now));
            String token = Tokens.sign(Tokens.header("RS256", TestKeys.RSA.kid()), claims, TestKeys.RSA.privateKey());
            assertEquals(Reason.MALFORMED_CLAIM, rejection(cache.verify(token)), claim);
            assertEquals(Reason.MALFORMED_CLAIM, rejection(cache.verify(token)), claim);
        }
        assertEquals(0, cache.size());
        assertEquals(0, cache.hits());
    }

    @Test
    void verifyWhenRejectedThenNeverCached() {
        String expired = token("alice", SKEW.negated().minusSeconds(1));
        assertEquals(Reason.EXPIRED, rejection(cache.verify(expired)));
        assertEquals(Reason.EXPIRED, rejection(cache.verify(expired)));
        assertEquals(2, verifications.get());
        assertEquals(0, cache.size());
    }

    @Test
    void verifyWhenKeyRotatedOutThenCachedTokenIsVerifiedAgainAndRejected() {
        String token = token("alice", Duration.ofHours(1));
        cache.verify(token);
        jwks.serve(TestKeys.jwks(List.of(TestKeys.RSA_OTHER)));
        refresh();
        assertEquals(Reason.UNKNOWN_KID, rejection(cache.verify(token)));
        assertEquals(2, verifications.get());
    }

    @Test
    void verifyWhenKeyMaterialUnderTheSameKidChangedThenCachedTokenIsVerifiedAgainAndRejected() {
        String token = token("alice", Duration.ofHours(1));
        cache.verify(token);
        cache.verify(token);
        assertEquals(1, verifications.get());

        jwks.serve(TestKeys.jwks(List.of(TestKeys.RSA_REUSED_KID)));
        refresh();
        assertEquals(Reason.BAD_SIGNATURE, rejection(cache.verify(token)));
        assertEquals(2, verifications.get(), "the real verifier was asked again");
        String reissued = TestKeys.RSA_REUSED_KID.sign().issuer(ISSUER).audience().add("api").and().subject("alice")
                .expiration(Date.from(clock.instant().plusSeconds(3600))).compact();
        assertInstanceOf(Verification.Verified.class, cache.verify(reissued));
        assertInstanceOf(Verification.Verified.class, cache.verify(reissued));
        assertEquals(3, verifications.get(), "cached anew with the key that verified it this time");
    }

    @Test
    void verifyWhenKeyIsParsedAnewWithTheSameMaterialThenStillServedFromCache() {
        String token = token("alice", Duration.ofHours(1));
        Verification.Verified first = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        refresh();
        assertNotSame(first.key(), assertInstanceOf(Verification.Verified.class, real.verify(token)).key(),
                "the refresh parsed new key objects");
        cache.verify(token);
        assertEquals(1, cache.hits());
    }

    @Test
    void verifyWhenEntryOutlivesMaxTtlThenVerifiedAfresh() {
        cache.close();
        cache = cache(100, Duration.ofMinutes(1));
        String token = token("alice", Duration.ofHours(1));
        cache.verify(token);
        clock.advance(Duration.ofMinutes(1));
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(2, verifications.get());
    }

    @Test
    void verifyWhenMoreTokensThanEntriesThenSizeStaysBounded() {
        cache.close();
        cache = cache(50, Duration.ofMinutes(5));
        for (int i = 0; i < 500; i++) {
            cache.verify(token("user-" + i, Duration.ofHours(1)));
        }
        assertTrue(cache.size() <= 50, "size " + cache.size());
    }

    @Test
    void flushThenEveryTokenIsVerifiedAgain() {
        String token = token("alice", Duration.ofHours(1));
        cache.verify(token);
        cache.flush();
        cache.verify(token);
        assertEquals(2, verifications.get());
    }
}
