package org.jwtverifier.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trust in forwarded headers. A peer outside {@code trustedProxies} cannot be made on loopback, so the verifier
 * here trusts only 10.0.0.0/8 and the Traefik-shaped requests come from 127.0.0.1: every X-Forwarded-* is
 * ignored and the default policy (a valid token for the issuer's audience) applies, whatever route the headers
 * name. The same routes as {@link TraefikForwardAuthContractIT}; each case there answers differently here.
 */
class TraefikUntrustedPeerIT extends TraefikConnectionCases {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deploy(E2eVerifier.createTrusting("TraefikUntrustedPeerIT", "[10.0.0.0/8]"));
    }

    @Test
    void publicRouteIsNotAppliedSoATokenIsNeeded() {
        expect(401, TraefikForwardAuthRequest.of("GET", "/public/logo.png", "app.example.com"));
    }

    @Test
    void deniedRouteIsNotAppliedSoAValidTokenIsAdmitted() {
        RawHttpConnection.Response r = expect(200,
                TraefikForwardAuthRequest.of("GET", "/internal/metrics", "app.example.com")
                        .bearer(verifier.valid("alice", "alice@example.com")));
        assertEquals("alice", r.first("X-User-Id"));
    }

    @Test
    void scopeRouteIsNotApplied() {
        expect(200, TraefikForwardAuthRequest.of("DELETE", "/admin/users/7", "app.example.com")
                .bearer(verifier.withScope("alice", "read")));
    }

    @Test
    void queryTokenInsideXForwardedUriIsNotRead() {
        RawHttpConnection.Response r = ask(TraefikForwardAuthRequest.of("GET",
                "/downloads/report.pdf?access_token=" + verifier.valid("bob", null), "app.example.com"));
        challenge(r, 401, null);
    }

    @Test
    void audienceFromTheForwardedHostIsNotApplied() {
        challenge(ask(TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com")
                .bearer(verifier.withAudience("dave", "https://shop.example.com"))), 401, "invalid_token");
        assertEquals(200, ask(TraefikForwardAuthRequest.of("GET", "/cart", "shop.example.com")
                .bearer(verifier.valid("dave", null))).status());
    }
}
