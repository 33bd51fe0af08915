package org.jwtverifier.containers;

import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.MetricsText;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Keys that change at the IdP, with IdPs on 127.0.0.1:
 * <ul>
 *   <li>a new key is picked up without restart, by the forced refresh for its unknown kid (TTL 5m, so nothing
 *       else fetches);</li>
 *   <li>a key removed from the JWKS stops verifying after the next refresh, forced or regular, including tokens
 *       whose verification was cached while the key was still published;</li>
 *   <li>other key material published under a kid already in use: after the next regular refresh, tokens signed
 *       with the old material are rejected, cached ones included;</li>
 *   <li>a JWKS with one key of an unsupported type and one with broken encoding: the others verify, the skipped
 *       ones are counted (JMX and /metrics);</li>
 *   <li>OpenID Connect discovery: keys found through the discovery document.</li>
 * </ul>
 * Steps of {@link BlackBoxSuite}, each IdP an issuer of the suite's configuration of its own. (A discovery
 * document naming another issuer leaves its issuer without keys for good, and /ready with it: that case is
 * KeyRotationIT's, on a deployment of its own.)
 */
final class KeyRotationCases implements AutoCloseable {

    static final String UNKNOWN_KEY = "The token's signing key is unknown";
    static final String BAD_SIGNATURE = "The token's signature is invalid";

    /** TTL 5m (default), minRefreshInterval 1s: only a forced refresh for an unknown kid fetches. */
    private final TestIdp forced = TestIdp.start();
    /** TTL 2s, refreshAhead 500ms: a regular background refresh every 1.5–2.5 s. */
    private final TestIdp regular = TestIdp.start();
    /** Publishes one key of an unsupported type and one with broken encoding beside the good ones. */
    private final TestIdp partial = TestIdp.start();
    /** Configured with discovery: true. */
    private final TestIdp discovered = TestIdp.start();

    /** Adds the four IdPs to {@code config} as issuers. */
    KeyRotationCases(TestConfig config) {
        // A key type this verifier does not know (an ML-DSA key as a post-quantum draft writes it) ...
        partial.addRawJwk("{\"kty\":\"AKP\",\"alg\":\"ML-DSA-44\",\"kid\":\"pq-1\",\"use\":\"sig\",\"pub\":\"AAAA\"}");
        // ... and an RSA key whose modulus is not base64url.
        partial.addRawJwk("{\"kty\":\"RSA\",\"kid\":\"broken-1\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"!!not*base64url!!\",\"e\":\"AQAB\"}");
        config.issuer(forced, "minRefreshInterval: 1s")
                .issuer(regular, "keyCacheTtl: 2s", "refreshAhead: 500ms", "minRefreshInterval: 1s", "maxStale: 1m")
                .issuer(partial)
                .issuer(discovered.issuer(), "discovery: true");
    }

    List<String> issuers() {
        return List.of(forced.issuer(), regular.issuer(), partial.issuer(), discovered.issuer());
    }

    @Override
    public void close() {
        for (TestIdp idp : List.of(forced, regular, partial, discovered)) {
            idp.close();
        }
    }

    private static void awaitUsable(RemoteJmx jmx, TestIdp idp) {
        ObjectName bean = RemoteJmx.keyStore(idp.issuer());
        Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                () -> idp.issuer() + " has no usable keys: " + (jmx.isRegistered(bean) ? jmx.get(bean, "LastError") : "no bean"));
    }

    private static String mint(TestIdp idp, Alg alg, String sub) {
        return idp.mint(alg, AUDIENCE, sub, sub + "@example.com");
    }

    private static void assertUnknownKey(HttpResponse<String> r, String token) {
        Challenge c = assertInvalidToken(r, token);
        assertEquals(UNKNOWN_KEY, c.param("error_description"), () -> describe(r));
    }

    /** Waits until {@code minRefreshInterval} (1s) has passed since the issuer's last fetch attempt. */
    private static void awaitRateLimitOver(RemoteJmx jmx, TestIdp idp) {
        ObjectName bean = RemoteJmx.keyStore(idp.issuer());
        Date last = (Date) jmx.get(bean, "LastAttempt");
        long wait = last.getTime() + 1_200 - System.currentTimeMillis();
        if (wait > 0) {
            Await.pause(wait);
        }
    }

    private static long cacheHits(RemoteJmx jmx) {
        return jmx.getLong(RemoteJmx.tokenCache(), "Hits");
    }

    // ---- rotation -----------------------------------------------------------------------------------

    void newKeyIsAcceptedWithoutRestartAndARemovedKeyStopsVerifyingEvenWhenCached(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = container.jmx()) {
            awaitUsable(jmx, forced);
            SigningKey first = forced.key(Alg.RS256);
            String oldToken = mint(forced, Alg.RS256, "alice");
            assertAdmitted(client.verify(oldToken), "alice", "alice@example.com");
            long hits = cacheHits(jmx);
            assertAdmitted(client.verify(oldToken), "alice", "alice@example.com");
            assertEquals(hits + 1, cacheHits(jmx), "the second verification of the same token is a cache hit");

            // The IdP publishes a second key and signs with it; the old one stays published (the overlap).
            awaitRateLimitOver(jmx, forced);
            int fetches = forced.fetchCount();
            SigningKey second = forced.rotate(Alg.RS256, false);
            String newToken = mint(forced, Alg.RS256, "bob");
            HttpResponse<String> r = client.verify(newToken);
            assertAdmitted(r, "bob", "bob@example.com");
            assertEquals(fetches + 1, forced.fetchCount(), "one forced refresh fetched the new key");
            assertAdmitted(client.verify(oldToken), "alice", "alice@example.com");

            // The IdP retires the first key and rotates again; the third key's first token forces a refresh,
            // which no longer holds the first key: its cached verification is not served any more.
            forced.unpublish(first.kid());
            awaitRateLimitOver(jmx, forced);
            forced.rotate(Alg.RS256, false);
            assertAdmitted(client.verify(mint(forced, Alg.RS256, "carol")), "carol", "carol@example.com");
            assertUnknownKey(client.verify(oldToken), oldToken);
            String freshOldKeyToken = forced.token(first).audience().add(AUDIENCE).and().subject("alice").compact();
            assertUnknownKey(client.verify(freshOldKeyToken), freshOldKeyToken);
            // The second key is still published and verifies.
            String secondKeyToken = forced.token(second).audience().add(AUDIENCE).and().subject("bob").compact();
            assertAdmitted(client.verify(secondKeyToken), "bob", null);
            Map<String, Object> keys = jmx.getMap(RemoteJmx.keyStore(forced.issuer()), "Keys");
            assertFalse(keys.containsKey(first.kid()), () -> "retired key still listed: " + keys);
            assertTrue(keys.containsKey(second.kid()), () -> "second key missing: " + keys);
        }
    }

    void keyDroppedAtTheIdpIsRejectedAfterTheRegularRefreshEvenWhenCached(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = container.jmx()) {
            awaitUsable(jmx, regular);
            String oldToken = mint(regular, Alg.ES256, "dave");
            assertAdmitted(client.verify(oldToken), "dave", "dave@example.com");
            long hits = cacheHits(jmx);
            assertAdmitted(client.verify(oldToken), "dave", "dave@example.com");
            assertEquals(hits + 1, cacheHits(jmx), "the second verification of the same token is a cache hit");

            // Rotation without overlap: the new key replaces the old one in the JWKS.
            SigningKey old = regular.key(Alg.ES256);
            regular.rotate(Alg.ES256, true);
            int fetches = regular.fetchCount();
            // Two fetches started after the change: the second certainly served the new document.
            Await.until(Duration.ofSeconds(10), () -> regular.fetchCount() >= fetches + 2,
                    () -> "no regular refresh: " + regular.fetchCount() + " fetches");
            Await.until(Duration.ofSeconds(5),
                    () -> !jmx.getMap(RemoteJmx.keyStore(regular.issuer()), "Keys").containsKey(old.kid()),
                    () -> "old key still held: " + jmx.getMap(RemoteJmx.keyStore(regular.issuer()), "Keys"));

            assertUnknownKey(client.verify(oldToken), oldToken);
            assertUnknownKey(client.verify(oldToken), oldToken);
            assertAdmitted(client.verify(mint(regular, Alg.ES256, "erin")), "erin", "erin@example.com");
        }
    }

    void keyMaterialReplacedUnderTheSameKidIsRejectedAfterTheRegularRefreshEvenWhenCached(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = container.jmx()) {
            awaitUsable(jmx, regular);
            String kid = "rs256-reused-" + TestIdp.randomTag();
            SigningKey original = SigningKey.generate(Alg.RS256, kid);
            regular.publish(original);
            String oldToken = regular.token(original).audience().add(AUDIENCE).and().subject("heidi").compact();
            Await.until(Duration.ofSeconds(10), () -> client.verify(oldToken).statusCode() == 200,
                    () -> "the published key is not picked up: " + describe(client.verify(oldToken)));
            long hits = cacheHits(jmx);
            assertAdmitted(client.verify(oldToken), "heidi", null);
            assertEquals(hits + 1, cacheHits(jmx), "the verification of the token is cached");

            // The IdP reuses the kid for a new key (a botched rotation, or a compromise handled by swapping material).
            SigningKey replacement = SigningKey.generate(Alg.RS256, kid);
            regular.unpublish(kid);
            regular.publish(replacement);
            String newToken = regular.token(replacement).audience().add(AUDIENCE).and().subject("ivan").compact();
            // Rejected (bad signature, never cached) until a refresh brings the new material in.
            Await.until(Duration.ofSeconds(10), () -> client.verify(newToken).statusCode() == 200,
                    () -> "the new material is not picked up: " + describe(client.verify(newToken)));

            long hitsBefore = cacheHits(jmx);
            HttpResponse<String> r = client.verify(oldToken);
            Challenge c = assertInvalidToken(r, oldToken);
            assertEquals(BAD_SIGNATURE, c.param("error_description"), () -> describe(r));
            assertEquals(hitsBefore, cacheHits(jmx), "the cached verification is not served");
            regular.unpublish(kid);
        }
    }

    // ---- a JWKS with keys that cannot be used ---------------------------------------------------------

    void unusableKeysAreSkippedAndCountedTheOthersVerify(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = container.jmx()) {
            awaitUsable(jmx, partial);
            for (Alg alg : Alg.values()) {
                String sub = "partial-" + alg.name().toLowerCase();
                assertAdmitted(client.verify(mint(partial, alg, sub)), sub, sub + "@example.com");
            }
            ObjectName bean = RemoteJmx.keyStore(partial.issuer());
            Map<String, Object> keys = jmx.getMap(bean, "Keys");
            assertEquals(Alg.values().length, keys.size(), () -> "keys held: " + keys);
            assertFalse(keys.containsKey("pq-1") || keys.containsKey("broken-1"), () -> "keys held: " + keys);
            long fetches = jmx.getLong(bean, "FetchSuccessCount");
            long skipped = jmx.getLong(bean, "SkippedKeyCount");
            assertTrue(fetches >= 1, "fetched at least once");
            assertEquals(2 * fetches, skipped, "two JWKs skipped on each of " + fetches + " fetch(es)");

            MetricsText metrics = MetricsText.parse(client.get("/metrics").body());
            assertEquals(skipped, (long) metrics.sum("jwt_verifier_jwks_keys_skipped_total", "issuer", partial.issuer()),
                    "jwt_verifier_jwks_keys_skipped_total agrees with SkippedKeyCount");
            assertEquals(Alg.values().length, (long) metrics.sum("jwt_verifier_jwks_keys", "issuer", partial.issuer()));
        }
    }

    // ---- discovery ------------------------------------------------------------------------------------

    void keysThroughTheDiscoveryDocument(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = container.jmx()) {
            awaitUsable(jmx, discovered);
            assertAdmitted(client.verify(mint(discovered, Alg.PS256, "frank")), "frank", "frank@example.com");
            assertAdmitted(client.verify(mint(discovered, Alg.EdDSA, "grace")), "grace", "grace@example.com");
            assertTrue(discovered.discoveryFetchCount() >= 1, "the discovery document was read");
            assertTrue(discovered.fetchCount() >= 1, "the JWKS it names was fetched");
            String source = (String) jmx.get(RemoteJmx.keyStore(discovered.issuer()), "Source");
            assertTrue(source.startsWith("discovery ") && source.contains(TestIdp.DISCOVERY_PATH), source);
        }
    }
}
