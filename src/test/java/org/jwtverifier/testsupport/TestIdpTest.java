package org.jwtverifier.testsupport;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test IdP itself: what it serves, what it mints, and its failure modes. */
class TestIdpTest {

    static TestIdp idp;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    static HttpResponse<String> get(String uri, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JwkSet fetchJwks() throws Exception {
        HttpResponse<String> r = get(idp.jwksUri(), Duration.ofSeconds(5));
        assertEquals(200, r.statusCode());
        return Jwks.setParser().ignoreUnsupported(true).build().parse(r.body());
    }

    static Jws<Claims> verifyAgainstServedJwks(String token) throws Exception {
        return JwksVerification.verify(token, fetchJwks());
    }

    @Test
    void bindsToLoopback() {
        assertTrue(idp.baseUrl().startsWith("http://127.0.0.1:"));
        assertEquals(idp.baseUrl(), idp.issuer());
    }

    @Test
    void servesAllFourKeysAndDiscovery() throws Exception {
        JwkSet set = fetchJwks();
        List<String> kids = set.getKeys().stream().map(Jwk::getId).sorted().toList();
        assertTrue(kids.containsAll(List.of(idp.kid(Alg.EdDSA, 1), idp.kid(Alg.ES256, 1), idp.kid(Alg.PS256, 1),
                idp.kid(Alg.RS256, 1))), kids::toString);
        assertTrue(idp.kid(Alg.RS256, 1).matches("rs256-[0-9a-f]{6}-1"), idp.kid(Alg.RS256, 1));
        HttpResponse<String> d = get(idp.discoveryUri(), Duration.ofSeconds(5));
        assertEquals(200, d.statusCode());
        assertTrue(d.body().contains("\"issuer\":\"" + idp.issuer() + "\""), d.body());
        assertTrue(d.body().contains("\"jwks_uri\":\"" + idp.jwksUri() + "\""), d.body());
    }

    @Test
    void mintsTokensThatVerifyAgainstItsJwks() throws Exception {
        for (Alg alg : Alg.values()) {
            String token = idp.mint(alg, "api", "alice", "alice@example.com");
            Jws<Claims> jws = verifyAgainstServedJwks(token);
            assertEquals(alg.jwsName(), jws.getHeader().getAlgorithm());
            assertEquals(idp.key(alg).kid(), jws.getHeader().getKeyId());
            assertEquals("alice", jws.getPayload().getSubject());
            assertEquals(idp.issuer(), jws.getPayload().getIssuer());
            assertEquals("alice@example.com", jws.getPayload().get("email"));
        }
    }

    @Test
    void handBuiltTokensVerifyToo() throws Exception {
        for (Alg alg : Alg.values()) {
            String token = Tokens.sign(idp.key(alg), Tokens.validClaims(idp.issuer(), "api", "bob"));
            assertEquals("bob", verifyAgainstServedJwks(token).getPayload().getSubject());
        }
    }

    @Test
    void rotationAddsAndOptionallyDropsKeys() throws Exception {
        try (TestIdp own = TestIdp.start(null, "t")) {
            SigningKey old = own.key(Alg.ES256);
            SigningKey kept = own.rotate(Alg.ES256, false);
            assertEquals("es256-t-2", kept.kid());
            assertEquals(kept, own.key(Alg.ES256));
            assertTrue(own.jwksJson().contains("\"es256-t-1\"") && own.jwksJson().contains("\"es256-t-2\""));
            SigningKey dropped = own.rotate(Alg.ES256, true);
            assertEquals("es256-t-3", dropped.kid());
            assertFalse(own.jwksJson().contains("\"es256-t-2\""));
            assertTrue(own.jwksJson().contains("\"es256-t-1\""), "only the key in use before is dropped");
            own.unpublish(old.kid());
            assertFalse(own.jwksJson().contains("\"es256-t-1\""));
            assertEquals("rs256-t-2", own.rotate().kid());
        }
    }

    @Test
    void rawJwkIsServedVerbatim() throws Exception {
        try (TestIdp own = TestIdp.start()) {
            String raw = "{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"***\",\"e\":\"AQAB\"}";
            own.addRawJwk(raw);
            HttpResponse<String> r = get(own.jwksUri(), Duration.ofSeconds(5));
            assertTrue(r.body().contains(raw), r.body());
            assertTrue(r.body().endsWith(raw + "]}"), r.body());
        }
    }

    @Test
    void failureModesAndFetchCount() throws Exception {
        try (TestIdp own = TestIdp.start()) {
            assertEquals(0, own.fetchCount());
            assertEquals(200, get(own.jwksUri(), Duration.ofSeconds(5)).statusCode());

            own.failWith500();
            assertEquals(500, get(own.jwksUri(), Duration.ofSeconds(5)).statusCode());

            own.serveGarbage();
            HttpResponse<String> garbage = get(own.jwksUri(), Duration.ofSeconds(5));
            assertEquals(200, garbage.statusCode());
            assertFalse(garbage.body().startsWith("{"));

            own.hang();
            assertThrows(HttpTimeoutException.class, () -> get(own.jwksUri(), Duration.ofMillis(300)));
            CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(own.jwksUri())).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200);
            assertFalse(pending.isDone(), "answered while hanging");
            own.restore();
            HttpResponse<String> released = pending.get(5, TimeUnit.SECONDS);
            assertEquals(200, released.statusCode());
            assertTrue(released.body().contains("\"keys\""));

            assertEquals(200, get(own.jwksUri(), Duration.ofSeconds(5)).statusCode());
            assertEquals(6, own.fetchCount());
            assertEquals(0, own.discoveryFetchCount());
        }
    }

    @Test
    void closeReleasesAHangingRequest() throws Exception {
        TestIdp own = TestIdp.start();
        own.hang();
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(own.jwksUri())).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100);
        long start = System.nanoTime();
        own.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        try {
            pending.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // a closed connection is fine too
        }
    }
}
