package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.JwtBuilder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

/**
 * {@code POST /backchannel-logout} on the deployed WAR (OpenID Connect Back-Channel Logout 1.0): a valid logout
 * token revokes its session (or, naming no session, its subject) so the access tokens of that session get 401
 * revoked at once, cached or not; every logout token §2.6 refuses, and every malformed request, gets 400 with a
 * JSON error and revokes nothing (the session's access token is still admitted after each, and the revocation
 * counts over JMX do not move).
 */
class BackchannelLogoutIT extends DeployedVerifierTest {
    static final String CLIENT_ID = "rp-client";
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final ObjectMapper JSON = new ObjectMapper();

    static TestIdp idp;
    static TestIdp notEnabled;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        notEnabled = closeAfterAll.add(TestIdp.start());
        return TestConfig.create().freshKeyStore("BackchannelLogoutIT")
                .top("revocation:\n  logoutTokenMaxAge: 2m\n  backchannelLogout:\n    - issuer: "
                        + TestConfig.quote(idp.issuer()) + "\n      clientId: " + CLIENT_ID + "\n    - issuer: "
                        + TestConfig.quote(notEnabled.issuer()) + "\n      clientId: " + CLIENT_ID
                        + "\n      enabled: false")
                .issuer(idp).issuer(notEnabled).war("BackchannelLogoutIT");
    }

    private static String accessToken(TestIdp from, String sub, String sid) {
        return from.mint(Alg.RS256, b -> {
            b.audience().add(AUDIENCE).and().subject(sub);
            if (sid != null) {
                b.claim("sid", sid);
            }
        });
    }

    /** A valid logout token of {@code from} for the session, after {@code change}. */
    private static String logoutToken(TestIdp from, String sub, String sid, Consumer<JwtBuilder> change) {
        JwtBuilder b = from.token(Alg.RS256).header().type("logout+jwt").and()
                .audience().add(CLIENT_ID).and()
                .expiration(null)
                .id(UUID.randomUUID().toString())
                .claim("events", Map.of(EVENT, Map.of()));
        if (sub != null) {
            b.subject(sub);
        }
        if (sid != null) {
            b.claim("sid", sid);
        }
        change.accept(b);
        return b.compact();
    }

    private HttpResponse<String> post(String contentType, String body) {
        return client.send(HttpRequest.newBuilder(client.uri("/backchannel-logout"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> logout(String logoutToken) {
        return post("application/x-www-form-urlencoded",
                "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8));
    }

    /** A logout token that must be refused, and a part of the error_description that says why. */
    private record Case(String name, String description, String token) {
    }

    private static void assertRefused(HttpResponse<String> r, String descriptionPart) throws Exception {
        assertRefused(r, descriptionPart, descriptionPart);
    }

    private static void assertRefused(HttpResponse<String> r, String descriptionPart, String name) throws Exception {
        assertEquals(400, r.statusCode(), () -> name + ": " + describe(r));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), () -> describe(r));
        JsonNode body = JSON.readTree(r.body());
        assertEquals("invalid_request", body.path("error").asText(), () -> describe(r));
        assertTrue(body.path("error_description").asText().contains(descriptionPart),
                () -> name + ": expected '" + descriptionPart + "': " + describe(r));
    }

    private static long revocationCount(RemoteJmx jmx) {
        return jmx.getLong(RemoteJmx.revocations(), "SessionCount") + jmx.getLong(RemoteJmx.revocations(), "SubjectCount")
                + jmx.getLong(RemoteJmx.revocations(), "TokenIdCount");
    }

    @Test
    void everyRefusedLogoutTokenOrRequestGets400AndRevokesNothing() throws Exception {
        String sid = "sid-" + TestIdp.randomTag();
        String sub = "alice-" + TestIdp.randomTag();
        String access = accessToken(idp, sub, sid);
        assertAdmitted(client.verify(access), sub, null);
        SigningKey unpublished = SigningKey.generate(Alg.RS256, idp.key(Alg.RS256).kid());
        String good = logoutToken(idp, sub, sid, b -> { });
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
        java.util.List<Case> cases = java.util.List.of(
                new Case("tampered signature", "signature is invalid", tampered),
                new Case("signed by a key the issuer does not publish", "signature is invalid",
                        unpublished.issue(idp.issuer(), Instant.now(), java.time.Duration.ofMinutes(5))
                                .header().type("logout+jwt").and().audience().add(CLIENT_ID).and().subject(sub)
                                .claim("sid", sid).id(UUID.randomUUID().toString())
                                .claim("events", Map.of(EVENT, Map.of())).compact()),
                new Case("wrong aud", "not meant for this client",
                        logoutToken(idp, sub, sid, b -> b.audience().single("other-client"))),
                new Case("no events", "lacks the back-channel logout event",
                        logoutToken(idp, sub, sid, b -> b.claim("events", null))),
                new Case("event not an object", "lacks the back-channel logout event",
                        logoutToken(idp, sub, sid, b -> b.claim("events", Map.of(EVENT, "not an object")))),
                new Case("another event", "lacks the back-channel logout event", logoutToken(idp, sub, sid,
                        b -> b.claim("events", Map.of("http://schemas.openid.net/event/other", Map.of())))),
                new Case("a nonce", "must not contain a nonce",
                        logoutToken(idp, sub, sid, b -> b.claim("nonce", "n-0S6_WzA2Mj"))),
                new Case("neither sub nor sid", "neither sub nor sid", logoutToken(idp, null, null, b -> { })),
                new Case("no jti", "has no jti", logoutToken(idp, sub, sid, b -> b.id(null))),
                new Case("no iat", "has no iat", logoutToken(idp, sub, sid, b -> b.issuedAt(null))),
                new Case("iat too old", "too old",
                        logoutToken(idp, sub, sid, b -> b.issuedAt(Date.from(Instant.now().minusSeconds(600))))),
                new Case("iat in the future", "issued in the future",
                        logoutToken(idp, sub, sid, b -> b.issuedAt(Date.from(Instant.now().plusSeconds(600))))),
                new Case("exp passed", "The token has expired",
                        logoutToken(idp, sub, sid, b -> b.expiration(Date.from(Instant.now().minusSeconds(300))))),
                new Case("typ JWT", "typ must be logout+jwt", logoutToken(idp, sub, sid, b -> b.header().type("JWT"))),
                new Case("issuer with logout disabled", "not enabled", logoutToken(notEnabled, sub, sid, b -> { })),
                new Case("unknown issuer", "issuer is not trusted",
                        logoutToken(idp, sub, sid, b -> b.issuer("https://elsewhere.example"))),
                new Case("not a JWT", "malformed", "not.a-token"),
                new Case("an access token of the session (typ JWT)", "typ must be logout+jwt", access),
                new Case("an access token without typ", "lacks the back-channel logout event",
                        idp.mint(Alg.RS256, b -> b.header().type(null).and().audience().add(CLIENT_ID).and()
                                .subject(sub).claim("sid", sid))));
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            long before = revocationCount(jmx);
            for (Case c : cases) {
                assertRefused(logout(c.token()), c.description(), c.name());
                assertAdmitted(client.verify(access), sub, null);
            }
            assertRefused(post("application/json", "{\"logout_token\":\"" + good + "\"}"),
                    "must be application/x-www-form-urlencoded");
            assertRefused(post("application/x-www-form-urlencoded", "token=" + good), "has no logout_token");
            assertRefused(post("application/x-www-form-urlencoded", "logout_token=" + good + "&logout_token=" + good),
                    "More than one logout_token");
            assertRefused(post("application/x-www-form-urlencoded", "logout_token=%zz" + good), "percent-encoded");
            assertRefused(post("application/x-www-form-urlencoded", "logout_token=" + "a".repeat(64 * 1024)),
                    "too large");
            assertAdmitted(client.verify(access), sub, null);
            assertEquals(before, revocationCount(jmx), "nothing revoked");
        }
    }

    @Test
    void aValidLogoutTokenRevokesItsSessionAtOnceAndItsReplayIsRefused() throws Exception {
        String sid = "sid-" + TestIdp.randomTag();
        String sub = "bob-" + TestIdp.randomTag();
        String cached = accessToken(idp, sub, sid);
        String otherSession = accessToken(idp, sub, "sid-other-" + TestIdp.randomTag());
        assertAdmitted(client.verify(cached), sub, null);
        assertAdmitted(client.verify(cached), sub, null);

        String logoutToken = logoutToken(idp, sub, sid, b -> { });
        HttpResponse<String> ok = logout(logoutToken);
        assertEquals(200, ok.statusCode(), () -> describe(ok));
        assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("The token has been revoked", assertInvalidToken(client.verify(cached), cached)
                .param("error_description"));
        assertAdmitted(client.verify(otherSession), sub, null);

        try (RemoteJmx jmx = RemoteJmx.connect()) {
            long before = revocationCount(jmx);
            assertRefused(logout(logoutToken), "already received");
            assertEquals(before, revocationCount(jmx));
        }
    }

    @Test
    void aValidLogoutTokenWithoutSidRevokesTheSubjectsTokensIssuedUpToNow() {
        String sub = "carol-" + TestIdp.randomTag();
        String access = accessToken(idp, sub, null);
        assertAdmitted(client.verify(access), sub, null);
        HttpResponse<String> ok = logout(logoutToken(idp, sub, null, b -> { }));
        assertEquals(200, ok.statusCode(), () -> describe(ok));
        assertEquals("The token has been revoked", assertInvalidToken(client.verify(access), access)
                .param("error_description"));
        String later = idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject(sub)
                .issuedAt(Date.from(Instant.now().plusSeconds(2))));
        assertAdmitted(client.verify(later), sub, null);
    }
}
