package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.MetricsText;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
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
 * Keys that change at the IdP, on a real Tomcat with IdPs on 127.0.0.1:
 * <ul>
 *   <li>a new key is picked up without restart, by the forced refresh for its unknown kid (TTL 5m, so nothing
 *       else fetches);</li>
 *   <li>a key removed from the JWKS stops verifying after the next refresh, forced or regular, including tokens
 *       whose verification was cached while the key was still published;</li>
 *   <li>other key material published under a kid already in use: after the next regular refresh, tokens signed
 *       with the old material are rejected, cached ones included;</li>
 *   <li>a JWKS with one key of an unsupported type and one with broken encoding: the others verify, the skipped
 *       ones are counted (JMX and /metrics);</li>
 *   <li>OpenID Connect discovery: keys found through the discovery document; one naming another issuer refused.</li>
 * </ul>
 */
class KeyRotationIT extends DeployedVerifierTest {

    static final String UNKNOWN_KEY = "The token's signing key is unknown";
    static final String BAD_SIGNATURE = "The token's signature is invalid";

    /** TTL 5m (default), minRefreshInterval 1s: only a forced refresh for an unknown kid fetches. */
    static TestIdp forced;
    /** TTL 2s, refreshAhead 500ms: a regular background refresh every 1.5–2.5 s. */
    static TestIdp regular;
    /** Publishes one key of an unsupported type and one with broken encoding beside the good ones. */
    static TestIdp partial;
    /** Configured with discovery: true. */
    static TestIdp discovered;
    /** Its discovery document names https://impostor.example.com, not the configured issuer (its own URL). */
    static TestIdp impostor;

    RemoteJmx jmx;

    @Deployment(testable = false)
    static WebArchive deployment() {
        forced = closeAfterAll.add(TestIdp.start());
        regular = closeAfterAll.add(TestIdp.start());
        partial = closeAfterAll.add(TestIdp.start());
        // A key type this verifier does not know (an ML-DSA key as a post-quantum draft writes it) ...
        partial.addRawJwk("{\"kty\":\"AKP\",\"alg\":\"ML-DSA-44\",\"kid\":\"pq-1\",\"use\":\"sig\",\"pub\":\"AAAA\"}");
        // ... and an RSA key whose modulus is not base64url.
        partial.addRawJwk("{\"kty\":\"RSA\",\"kid\":\"broken-1\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"!!not*base64url!!\",\"e\":\"AQAB\"}");
        discovered = closeAfterAll.add(TestIdp.start());
        impostor = closeAfterAll.add(TestIdp.start("https://impostor.example.com"));
        return TestConfig.create()
                .freshKeyStore("KeyRotationIT")
                .issuer(forced, "minRefreshInterval: 1s")
                .issuer(regular, "keyCacheTtl: 2s", "refreshAhead: 500ms", "minRefreshInterval: 1s", "maxStale: 1m")
                .issuer(partial)
                .issuer(discovered.issuer(), "discovery: true")
                .issuer(impostor.baseUrl(), "discovery: true", "minRefreshInterval: 1s")
                .war("KeyRotationIT");
    }

    @BeforeEach
    void connect() {
        jmx = RemoteJmx.connect();
    }

    @AfterEach
    void disconnect() {
        jmx.close();
    }

    private void awaitUsable(TestIdp idp) {
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
    private void awaitRateLimitOver(TestIdp idp) {
        ObjectName bean = RemoteJmx.keyStore(idp.issuer());
        Date last = (Date) jmx.get(bean, "LastAttempt");
        long wait = last.getTime() + 1_200 - System.currentTimeMillis();
        if (wait > 0) {
            Await.pause(wait);
        }
    }

    private long cacheHits() {
        return jmx.getLong(RemoteJmx.tokenCache(), "Hits");
    }

    // ---- rotation -----------------------------------------------------------------------------------

    @Test
    void newKeyIsAcceptedWithoutRestartAndARemovedKeyStopsVerifyingEvenWhenCached() {
        awaitUsable(forced);
        SigningKey first = forced.key(Alg.RS256);
        String oldToken = mint(forced, Alg.RS256, "alice");
        assertAdmitted(client.verify(oldToken), "alice", "alice@example.com");
        long hits = cacheHits();
        assertAdmitted(client.verify(oldToken), "alice", "alice@example.com");
        assertEquals(hits + 1, cacheHits(), "the second verification of the same token is a cache hit");

        // The IdP publishes a second key and signs with it; the old one stays published (the overlap).
        awaitRateLimitOver(forced);
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
        awaitRateLimitOver(forced);
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

    @Test
    void keyDroppedAtTheIdpIsRejectedAfterTheRegularRefreshEvenWhenCached() {
        awaitUsable(regular);
        String oldToken = mint(regular, Alg.ES256, "dave");
        assertAdmitted(client.verify(oldToken), "dave", "dave@example.com");
        long hits = cacheHits();
        assertAdmitted(client.verify(oldToken), "dave", "dave@example.com");
        assertEquals(hits + 1, cacheHits(), "the second verification of the same token is a cache hit");

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

    @Test
    void keyMaterialReplacedUnderTheSameKidIsRejectedAfterTheRegularRefreshEvenWhenCached() {
        awaitUsable(regular);
        String kid = "rs256-reused-" + TestIdp.randomTag();
        SigningKey original = SigningKey.generate(Alg.RS256, kid);
        regular.publish(original);
        String oldToken = regular.token(original).audience().add(AUDIENCE).and().subject("heidi").compact();
        Await.until(Duration.ofSeconds(10), () -> client.verify(oldToken).statusCode() == 200,
                () -> "the published key is not picked up: " + describe(client.verify(oldToken)));
        long hits = cacheHits();
        assertAdmitted(client.verify(oldToken), "heidi", null);
        assertEquals(hits + 1, cacheHits(), "the verification of the token is cached");

        // The IdP reuses the kid for a new key (a botched rotation, or a compromise handled by swapping material).
        SigningKey replacement = SigningKey.generate(Alg.RS256, kid);
        regular.unpublish(kid);
        regular.publish(replacement);
        String newToken = regular.token(replacement).audience().add(AUDIENCE).and().subject("ivan").compact();
        // Rejected (bad signature, never cached) until a refresh brings the new material in.
        Await.until(Duration.ofSeconds(10), () -> client.verify(newToken).statusCode() == 200,
                () -> "the new material is not picked up: " + describe(client.verify(newToken)));

        long hitsBefore = cacheHits();
        HttpResponse<String> r = client.verify(oldToken);
        Challenge c = assertInvalidToken(r, oldToken);
        assertEquals(BAD_SIGNATURE, c.param("error_description"), () -> describe(r));
        assertEquals(hitsBefore, cacheHits(), "the cached verification is not served");
        regular.unpublish(kid);
    }

    // ---- a JWKS with keys that cannot be used ---------------------------------------------------------

    @Test
    void unusableKeysAreSkippedAndCountedTheOthersVerify() {
        awaitUsable(partial);
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

    // ---- discovery ------------------------------------------------------------------------------------

    @Test
    void keysThroughTheDiscoveryDocument() {
        awaitUsable(discovered);
        assertAdmitted(client.verify(mint(discovered, Alg.PS256, "frank")), "frank", "frank@example.com");
        assertAdmitted(client.verify(mint(discovered, Alg.EdDSA, "grace")), "grace", "grace@example.com");
        assertTrue(discovered.discoveryFetchCount() >= 1, "the discovery document was read");
        assertTrue(discovered.fetchCount() >= 1, "the JWKS it names was fetched");
        String source = (String) jmx.get(RemoteJmx.keyStore(discovered.issuer()), "Source");
        assertTrue(source.startsWith("discovery ") && source.contains(TestIdp.DISCOVERY_PATH), source);
    }

    @Test
    void discoveryDocumentNamingAnotherIssuerIsRefused() {
        String configured = impostor.baseUrl();
        ObjectName bean = RemoteJmx.keyStore(configured);
        Await.until(Duration.ofSeconds(15), () -> impostor.discoveryFetchCount() >= 1
                        && jmx.get(bean, "LastError") != null,
                () -> "no discovery attempt: " + impostor.discoveryFetchCount());
        String error = (String) jmx.get(bean, "LastError");
        assertTrue(error.contains("names another issuer"), error);
        assertFalse((Boolean) jmx.get(bean, "Usable"));
        assertEquals(0, impostor.fetchCount(), "the JWKS named by a foreign discovery document is never fetched");

        // A token naming the configured issuer, signed with the impostor's published key: no keys, 503.
        String token = impostor.token(Alg.RS256).issuer(configured).audience().add(AUDIENCE).and()
                .subject("mallory").compact();
        HttpResponse<String> r = client.verify(token);
        assertEquals(503, r.statusCode(), () -> describe(r));
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), () -> describe(r));
        assertTrue(r.headers().allValues("X-User-Id").isEmpty(), () -> describe(r));
        assertEquals(0, impostor.fetchCount());
    }
}
