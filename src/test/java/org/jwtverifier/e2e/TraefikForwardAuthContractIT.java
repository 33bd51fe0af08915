package org.jwtverifier.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier as Traefik v3.7's forwardAuth middleware uses it (Traefik itself cannot be installed here): requests
 * shaped header for header as Traefik sends them ({@link TraefikForwardAuthRequest}), written byte for byte over
 * one kept-alive connection, and the answers checked for what Traefik needs: the status, {@code WWW-Authenticate}
 * on 401/403 (Traefik relays non-2xx answers to the client as they are), every header of
 * {@code authResponseHeaders: [X-User-Id, X-User-Email, X-User-Groups]} on a 2xx (Traefik deletes the client's copies and copies
 * the verifier's over them), a short body, never a redirect.
 */
class TraefikForwardAuthContractIT extends TraefikConnectionCases {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deploy(E2eVerifier.create("TraefikForwardAuthContractIT"));
    }

    // ---- the answers ---------------------------------------------------------------------------

    @Test
    void noTokenIs401WithABareBearerChallenge() {
        RawHttpConnection.Response r = expect(401, TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .header("Accept", "application/json"));
        assertEquals(List.of("Bearer realm=\"jwt-verifier\""), r.all("WWW-Authenticate"), r::toString);
    }

    @Test
    void validTokenIs200WithEveryIdentityHeader() {
        RawHttpConnection.Response r = expect(200,
                TraefikForwardAuthRequest.of("POST", "/api/orders?draft=1", "app.example.com")
                        .bearer(verifier.valid("alice", "alice@example.com"))
                        .header("Content-Type", "application/json")
                        .header("X-User-Id", "mallory"));
        assertEquals("alice", r.first("X-User-Id"));
        assertEquals("alice@example.com", r.first("X-User-Email"));
        assertTrue(r.all("WWW-Authenticate").isEmpty(), r::toString);
    }

    @Test
    void claimMissingFromTheTokenGivesAnEmptyHeaderSoTraefikStillReplacesTheClientsCopy() {
        RawHttpConnection.Response r = expect(200, TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(verifier.valid("service-7", null))
                .header("X-User-Email", "forged@example.com"));
        assertEquals("service-7", r.first("X-User-Id"));
        assertEquals("", r.first("X-User-Email"), r::toString);
    }

    @Test
    void expiredTokenIs401InvalidToken() {
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(verifier.expired("alice"))), 401, "invalid_token");
    }

    @Test
    void wrongAudienceIs401InvalidToken() {
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(verifier.withAudience("alice", "other-api.example.com"))), 401, "invalid_token");
    }

    @Test
    void missingScopeIs403WithTheScope() {
        RawHttpConnection.Response r = ask(TraefikForwardAuthRequest.of("DELETE", "/admin/users/7", "app.example.com")
                .bearer(verifier.withScope("alice", "read")));
        assertEquals("admin", challenge(r, 403, "insufficient_scope").param("scope"), r::toString);
    }

    @Test
    void clientMethodReachesTheVerifierOnlyInXForwardedMethod() {
        // The route /admin allows every method; scopes decide. The auth request itself is always a GET.
        expect(200, TraefikForwardAuthRequest.of("PATCH", "/admin/users/7", "app.example.com")
                .bearer(verifier.withScope("alice", "admin")));
    }

    @Test
    void deniedRouteIs403WithoutChallenge() {
        RawHttpConnection.Response r = expect(403,
                TraefikForwardAuthRequest.of("GET", "/internal/metrics", "app.example.com")
                        .bearer(verifier.withScope("alice", "admin")));
        assertTrue(r.all("WWW-Authenticate").isEmpty(), r::toString);
    }

    @Test
    void publicPathIs200WithEmptyIdentityHeaders() {
        RawHttpConnection.Response r = expect(200,
                TraefikForwardAuthRequest.of("GET", "/public/logo.png", "app.example.com")
                        .header("X-User-Id", "mallory"));
        assertEquals("", r.first("X-User-Id"), r::toString);
        assertEquals("", r.first("X-User-Email"), r::toString);
    }

    @Test
    void tokenInTheQueryOfTheOriginalRequestOnARouteThatEnablesIt() {
        String token = verifier.valid("bob", "bob@example.com");
        RawHttpConnection.Response r = expect(200, TraefikForwardAuthRequest.of("GET",
                "/downloads/report.pdf?access_token=" + token + "&inline=1", "app.example.com"));
        assertEquals("bob", r.first("X-User-Id"));
    }

    @Test
    void tokenInTheQueryIsIgnoredWhereTheRouteDoesNotEnableIt() {
        String token = verifier.valid("bob", "bob@example.com");
        RawHttpConnection.Response r = expect(401, TraefikForwardAuthRequest.of("GET",
                "/api/things?access_token=" + token, "app.example.com"));
        assertEquals(List.of("Bearer realm=\"jwt-verifier\""), r.all("WWW-Authenticate"), r::toString);
    }

    @Test
    void tokenInQueryAndHeaderIs400InvalidRequest() {
        String token = verifier.valid("bob", "bob@example.com");
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/downloads/report.pdf?access_token=" + token,
                "app.example.com").bearer(token)), 400, "invalid_request");
    }

    @Test
    void twoAuthorizationHeadersFromTheClientAre400InvalidRequest() {
        String token = verifier.valid("bob", "bob@example.com");
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(token).bearer(token)), 400, "invalid_request");
    }

    @Test
    void keysUnavailableIs503WithRetryAfterAndNoChallenge() {
        RawHttpConnection.Response r = expect(503, TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(verifier.fromUnreachableIssuer("carol")));
        assertEquals(List.of("5"), r.all("Retry-After"), r::toString);
        assertTrue(r.all("WWW-Authenticate").isEmpty(), r::toString);
    }

    @Test
    void audienceFromTheForwardedHostAndProto() {
        expect(200, TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com")
                .bearer(verifier.withAudience("dave", "https://shop.example.com")));
        // Over plain http the origin is http://shop.example.com: the https audience does not fit.
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com").plainHttp()
                .bearer(verifier.withAudience("dave", "https://shop.example.com"))), 401, "invalid_token");
        // The route replaces the issuer's audiences: api.example.com is not accepted on the shop.
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com")
                .bearer(verifier.valid("dave", null))), 401, "invalid_token");
    }

    // ---- forwarded headers: the entrypoint's trustedIPs and trustForwardHeader ---------------------------

    @Test
    void documentedSetupReplacesTheForwardedHeadersOfAClientOutsideTrustedIps() {
        // trustForwardHeader: true, the client not in trustedIPs: its entrypoint deletes the forged X-Forwarded-*,
        // forwardAuth sends the real URI, host and port. The forged public path does not open /admin.
        TraefikForwardAuthRequest request = TraefikForwardAuthRequest.of("GET", "/admin/users", "app.example.com")
                .header("X-Forwarded-Uri", "/public/x")
                .header("X-Forwarded-Method", "OPTIONS")
                .header("X-Forwarded-Host", "shop.example.com")
                .header("X-Forwarded-Port", "8443")
                .header("X-Forwarded-For", "198.51.100.66")
                .header("X-Real-IP", "198.51.100.66");
        List<Map.Entry<String, String>> sent = request.authRequestHeaders(E2eVerifier.hostPort());
        for (Map.Entry<String, String> expected : List.of(Map.entry("X-Forwarded-Uri", "/admin/users"),
                Map.entry("X-Forwarded-Method", "GET"), Map.entry("X-Forwarded-Host", "app.example.com"),
                Map.entry("X-Forwarded-Port", "443"), Map.entry("X-Forwarded-Proto", "https"),
                Map.entry("X-Forwarded-For", "203.0.113.7"), Map.entry("X-Real-Ip", "203.0.113.7"))) {
            assertTrue(sent.contains(expected), () -> expected + " in " + sent);
        }
        expect(401, request);
    }

    @Test
    void trustForwardHeaderFalseReplacesForgedForwardedHeaders() {
        // The client claims a public path; forwardAuth deletes every X-Forwarded-* and sends what it saw.
        TraefikForwardAuthRequest request = TraefikForwardAuthRequest.of("GET", "/admin/users", "app.example.com")
                .header("X-Forwarded-Uri", "/public/x")
                .header("X-Forwarded-Host", "shop.example.com")
                .header("X-Forwarded-Port", "8443")
                .trustForwardHeader(false);
        List<Map.Entry<String, String>> sent = request.authRequestHeaders(E2eVerifier.hostPort());
        assertTrue(sent.contains(Map.entry("X-Forwarded-Uri", "/admin/users")), sent::toString);
        assertTrue(sent.contains(Map.entry("X-Forwarded-Port", "443")), sent::toString);
        assertFalse(sent.stream().anyMatch(h -> h.getKey().equals("X-Real-Ip")), sent::toString);
        expect(401, request);
    }

    @Test
    void aTrustedProxysForwardedHeadersReachTheVerifierWhichBelievesThem() {
        // From an address in trustedIPs (a load balancer in front of Traefik) the X-Forwarded-* pass both the
        // entrypoint and forwardAuth, and the verifier, which trusts Traefik, routes on them: a load balancer that
        // passed on its own clients' X-Forwarded-Uri would let them choose the route. Only list proxies that set
        // every X-Forwarded-* themselves.
        TraefikForwardAuthRequest request = TraefikForwardAuthRequest.of("GET", "/admin/users", "app.example.com")
                .fromTrustedProxy("192.0.2.10")
                .header("X-Forwarded-Uri", "/public/x")
                .header("X-Forwarded-For", "203.0.113.7");
        List<Map.Entry<String, String>> sent = request.authRequestHeaders(E2eVerifier.hostPort());
        assertTrue(sent.contains(Map.entry("X-Forwarded-Uri", "/public/x")), sent::toString);
        assertTrue(sent.contains(Map.entry("X-Forwarded-For", "203.0.113.7, 192.0.2.10")), sent::toString);
        RawHttpConnection.Response r = expect(200, request);
        assertEquals("", r.first("X-User-Id"), r::toString);
    }

    @Test
    void behindATlsTerminatingProxyOnlyTrustForwardHeaderTrueKeepsTheHttpsOrigin() {
        // The load balancer terminates TLS and talks plain http to Traefik, saying X-Forwarded-Proto: https.
        // trustForwardHeader: true keeps it, and audienceFromHost sees https://shop.example.com; false makes
        // forwardAuth say http, and the https audience no longer fits.
        String token = verifier.withAudience("dave", "https://shop.example.com");
        TraefikForwardAuthRequest kept = TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com").plainHttp()
                .fromTrustedProxy("192.0.2.10").header("X-Forwarded-Proto", "https").bearer(token);
        assertEquals(200, ask(kept).status());
        TraefikForwardAuthRequest replaced = TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com")
                .plainHttp().fromTrustedProxy("192.0.2.10").header("X-Forwarded-Proto", "https").bearer(token)
                .trustForwardHeader(false);
        assertTrue(replaced.authRequestHeaders(E2eVerifier.hostPort()).contains(Map.entry("X-Forwarded-Proto", "http")));
        challenge(ask(replaced), 401, "invalid_token");
    }

    // ---- the connection --------------------------------------------------------------------------

    @Test
    void oneConnectionServesManySequentialDecisions() throws InterruptedException {
        int localPort = connection.localPort();
        String valid = verifier.valid("alice", "alice@example.com");
        String narrow = verifier.withScope("alice", "read");
        for (int i = 0; i < 40; i++) {
            TraefikForwardAuthRequest request = switch (i % 4) {
                case 0 -> TraefikForwardAuthRequest.of("GET", "/api/things/" + i, "app.example.com").bearer(valid);
                case 1 -> TraefikForwardAuthRequest.of("GET", "/api/things/" + i, "app.example.com");
                case 2 -> TraefikForwardAuthRequest.of("POST", "/admin/x/" + i, "app.example.com").bearer(narrow);
                default -> TraefikForwardAuthRequest.of("GET", "/internal/" + i, "app.example.com").bearer(valid);
            };
            RawHttpConnection.Response r = ask(request);
            int expected = switch (i % 4) {
                case 0 -> 200;
                case 1 -> 401;
                default -> 403;
            };
            assertEquals(expected, r.status(), () -> "request " + connection.exchanges() + ": " + r);
            assertFalse(r.announcesClose(), () -> "the verifier closes after a " + r.status() + ": " + r);
        }
        // Idle for a moment, as a pooled connection is between bursts: still open, still served.
        Thread.sleep(1500);
        assertFalse(connection.closedByPeer(100), "the verifier closed an idle connection after 1.5 s");
        assertEquals(200, ask(TraefikForwardAuthRequest.of("GET", "/api/last", "app.example.com").bearer(valid)).status());
        assertEquals(41, connection.exchanges());
        assertEquals(localPort, connection.localPort());
    }

    @Test
    void whenTheConnectionIsClosedAfterAnAnswerItIsAnnounced() throws java.io.IOException {
        // Tomcat decides by status whether a connection survives an answer; a Go client copes with a close only
        // when the answer says "Connection: close" (it then never reuses the connection half-closed).
        String token = verifier.valid("bob", "bob@example.com");
        Map<String, TraefikForwardAuthRequest> byCase = new java.util.LinkedHashMap<>();
        byCase.put("200", TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com").bearer(token));
        byCase.put("401", TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com"));
        byCase.put("403", TraefikForwardAuthRequest.of("GET", "/internal/x", "app.example.com").bearer(token));
        byCase.put("400", TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com").bearer(token).bearer(token));
        byCase.put("503", TraefikForwardAuthRequest.of("GET", "/api/things", "app.example.com")
                .bearer(verifier.fromUnreachableIssuer("carol")));
        StringBuilder seen = new StringBuilder("# Tomcat keep-alive after each answer of /verify (one fresh connection each)\n");
        for (Map.Entry<String, TraefikForwardAuthRequest> c : byCase.entrySet()) {
            try (RawHttpConnection fresh = RawHttpConnection.open("127.0.0.1", E2eVerifier.port())) {
                RawHttpConnection.Response r = fresh.exchange("GET", "/jwt-verifier/verify",
                        c.getValue().authRequestHeaders(E2eVerifier.hostPort()));
                assertEquals(Integer.parseInt(c.getKey()), r.status(), r::toString);
                boolean closed = fresh.closedByPeer(1000);
                seen.append(c.getKey()).append(": connection ").append(closed ? "closed" : "kept open")
                        .append(", Connection header ").append(r.all("Connection")).append('\n');
                if (closed) {
                    assertTrue(r.announcesClose(), () -> "closed without Connection: close: " + r);
                }
                if (List.of("200", "401", "403").contains(c.getKey())) {
                    assertFalse(closed, () -> "the verifier closed the connection after " + r);
                }
            }
        }
        java.nio.file.Files.writeString(Templates.workDir("traefik").resolve("keep-alive.txt"), seen.toString());
    }
}
