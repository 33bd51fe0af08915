package org.jwtverifier.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.jwtverifier.verdict.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.KeyCacheSettings;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeyLookup;
import org.jwtverifier.jwks.KeySetSource;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.jwks.SharedSecretKeySetSource;
import org.jwtverifier.jwks.VerificationKey;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;

/**
 * The verified-token cache over the real verifier and key store, wired as the assembly wires them: a cached
 * verification is served only while the store holds the very key that made it, so key material republished under
 * the same {@code kid} ends it at the next refresh.
 */
class CachedVerificationKeyChangeTest {
    private static final String ISSUER = "https://a.example";
    private static final KeyCacheSettings KEY_CACHE = TestIssuers.KEY_CACHE;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final ScriptedSource jwks = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA)));
    private IssuerKeyStore store;
    private JwtTokenVerifier verifier;
    private CachingTokenVerifier cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
        persisted.close();
    }

    private void build(KeySetSource source, Set<String> algorithms) {
        IssuerConfig config = TestIssuers.config(ISSUER, algorithms);
        store = TestIssuers.store(config, source, persisted, clock);
        verifier = new JwtTokenVerifier(Map.of(ISSUER, new IssuerVerifier(config, store, clock)));
        cache = new CachingTokenVerifier(verifier, Set.of("sub", "exp"),
                VerifierAssembly.keyCheck(iss -> ISSUER.equals(iss) ? store : null), 100,
                Duration.ofMinutes(5), clock);
    }

    /** A valid token of the issuer, signed by {@code builder}'s key. */
    private String token(JwtBuilder builder) {
        Instant now = clock.instant();
        return builder.issuer(ISSUER).audience().add("api").and().subject("alice")
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofHours(1)))).compact();
    }

    private VerificationKey held(String kid, String alg) throws Exception {
        return assertInstanceOf(KeyLookup.Found.class, store.lookup(kid, alg)).key();
    }

    /** The store's regular refresh, ahead of its TTL and well within the cache's {@code maxTtl}. */
    private void regularRefresh() {
        int loads = jwks.loads();
        clock.advance(KEY_CACHE.ttl().minus(KEY_CACHE.refreshAhead()));
        store.refreshIfDue();
        assertEquals(loads + 1, jwks.loads(), "refreshed");
    }

    @Test
    void verifyWhenIdpPublishesOtherMaterialUnderTheKidThenTheCachedTokenIsRejectedAfterTheRefresh()
            throws Exception {
        build(jwks, Set.of("RS256"));
        String token = token(TestKeys.RSA.sign());
        Verification.Verified first = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertSame(held("rsa-1", "RS256"), first.key(), "the key the store handed out for this parse");
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, cache.hits());

        jwks.serve(TestKeys.jwks(List.of(TestKeys.RSA_REUSED_KID)));
        regularRefresh();

        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, cache.verify(token));
        assertEquals(Reason.BAD_SIGNATURE, rejected.reason());
        assertEquals(1, cache.hits(), "not served from the cache");
        assertInstanceOf(Verification.Verified.class, cache.verify(token(TestKeys.RSA_REUSED_KID.sign())));
    }

    @Test
    void verifyWhenATokenWithoutKidNoLongerSelectsItsKeyThenTheCachedTokenIsRejectedAsAFreshOneIs() {
        build(jwks, Set.of("RS256"));
        // No kid: the issuer's sole RS256 key verifies it (IssuerKeyStore.lookup, KeySet.soleKeyFor).
        String token = token(Jwts.builder().signWith(TestKeys.RSA.privateKey(), Jwts.SIG.RS256));
        assertInstanceOf(Verification.Verified.class, cache.verify(token));

        // A second RS256 key: a token without kid names no key any more, though the old key is still held.
        jwks.serve(TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.RSA_OTHER)));
        regularRefresh();
        Verification.Rejected fresh = assertInstanceOf(Verification.Rejected.class, verifier.verify(token));
        assertEquals(Reason.UNKNOWN_KID, fresh.reason());
        Verification.Rejected cached = assertInstanceOf(Verification.Rejected.class, cache.verify(token));
        assertEquals(Reason.UNKNOWN_KID, cached.reason());
        assertEquals(0, cache.hits());
    }

    @Test
    void verifyWhenIdpRepublishesTheSameKeysThenTheCachedTokenIsStillServedFromTheCache() {
        build(jwks, Set.of("RS256"));
        String token = token(TestKeys.RSA.sign());
        cache.verify(token);
        regularRefresh();
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void verifyWhenSharedSecretChangesThenTheCachedTokenIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        String secret = "s".repeat(32);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        build(new SharedSecretKeySetSource(file, clock), Set.of("HS256"));
        String token = token(Jwts.builder().signWith(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256));

        Verification.Verified first = assertInstanceOf(Verification.Verified.class, cache.verify(token));
        // The locator hands JJWT a new SecretKeySpec; the result carries the store's key, not that copy.
        assertSame(held(null, "HS256"), first.key());
        store.refreshNow(Duration.ofSeconds(1));
        assertInstanceOf(Verification.Verified.class, cache.verify(token));
        assertEquals(1, cache.hits(), "the same secret, read again");

        Files.writeString(file, "t".repeat(32), StandardCharsets.UTF_8);
        store.refreshNow(Duration.ofSeconds(1));
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, cache.verify(token));
        assertEquals(Reason.BAD_SIGNATURE, rejected.reason());
        assertEquals(1, cache.hits());
    }
}
