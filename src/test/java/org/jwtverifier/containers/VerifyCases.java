package org.jwtverifier.containers;

import io.jsonwebtoken.JwtBuilder;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Rfc8187;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidRequest;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.assertNoTokenChallenge;
import static org.jwtverifier.testsupport.VerifyAssertions.assertPrintableAscii;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * The forward-auth contract, on any container: valid tokens of every algorithm, the missing/empty/foreign
 * Authorization cases, the claim checks (time, issuer, audience), health and readiness, and how claim values
 * become identity headers. Steps of {@link BlackBoxSuite}, which gives them the verifier and its IdP.
 */
interface VerifyCases {

    /** @return HTTP to the verifier */
    VerifierClient client();

    /** @return the IdP of the verifier's first issuer ({@code https://idp().example.com}, every algorithm allowed) */
    TestIdp idp();

    // ---- liveness and readiness ----------------------------------------------------------------

    @Test
    @Order(2)
    default void healthWhenDeployedThenUpInPlainText() {
        HttpResponse<String> r = client().get("/health");
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals("UP\n", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), () -> describe(r));
    }

    @Test
    @Order(2)
    default void readyOnceTheIssuerHasKeys() {
        HttpResponse<String> r = client().awaitOk("/ready", Duration.ofSeconds(15));
        assertEquals(200, r.statusCode(), () -> describe(r));
    }

    // ---- valid tokens --------------------------------------------------------------------------

    @Test
    @Order(2)
    default void validRs256() {
        assertValid(Alg.RS256);
    }

    @Test
    @Order(2)
    default void validPs256() {
        assertValid(Alg.PS256);
    }

    @Test
    @Order(2)
    default void validEs256() {
        assertValid(Alg.ES256);
    }

    @Test
    @Order(2)
    default void validEdDsa() {
        assertValid(Alg.EdDSA);
    }

    private void assertValid(Alg alg) {
        String sub = "user-" + alg.name().toLowerCase();
        String token = idp().mint(alg, AUDIENCE, sub, sub + "@example.com");
        assertAdmitted(client().verify(token), sub, sub + "@example.com");
    }

    @Test
    @Order(2)
    default void audienceArrayHoldingOurAudienceIsAccepted() {
        String token = idp().mint(Alg.RS256, b -> b.subject("alice").claim("email", "alice@example.com")
                .audience().add("other-api").add(AUDIENCE).add("third").and());
        assertAdmitted(client().verify(token), "alice", "alice@example.com");
    }

    @Test
    @Order(2)
    default void audienceAsSingleString() {
        String token = idp().mint(Alg.RS256, b -> b.subject("alice").audience().single(AUDIENCE));
        assertAdmitted(client().verify(token), "alice", null);
    }

    @Test
    @Order(2)
    default void tokenWithoutEmailGivesAnEmptyEmailHeader() {
        String token = idp().mint(Alg.RS256, AUDIENCE, "service-account-7", null);
        assertAdmitted(client().verify(token), "service-account-7", null);
    }

    // ---- no usable Authorization ---------------------------------------------------------------

    @Test
    @Order(2)
    default void missingAuthorization() {
        assertNoTokenChallenge(client().verifyWithoutToken());
    }

    @Test
    @Order(2)
    default void emptyAuthorization() {
        assertNoTokenChallenge(client().verifyWithAuthorization(""));
    }

    @Test
    @Order(2)
    default void basicAuthorization() {
        assertNoTokenChallenge(client().verifyWithAuthorization("Basic YWxpY2U6c2VjcmV0"));
    }

    @Test
    @Order(2)
    default void otherScheme() {
        String token = idp().mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
        assertNoTokenChallenge(client().verifyWithAuthorization("DPoP " + token));
    }

    @Test
    @Order(2)
    default void twoAuthorizationHeaders() {
        String token = idp().mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
        HttpResponse<String> r = client().verifyWithAuthorization("Bearer " + token, "Bearer " + token);
        assertInvalidRequest(r, token);
    }

    // ---- claim checks --------------------------------------------------------------------------

    /** An RS256 token for alice and the configured audience, its time claims set by {@code timeClaims}. */
    private String aliceWith(Consumer<JwtBuilder> timeClaims) {
        return idp().mint(Alg.RS256, b -> timeClaims.accept(b.audience().add(AUDIENCE).and().subject("alice")));
    }

    /** The instant {@code offset} away from now (negative: in the past), as JJWT's builder takes it. */
    private static Date fromNow(Duration offset) {
        return Date.from(Instant.now().plus(offset));
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    @Test
    @Order(2)
    default void expired() {
        String token = aliceWith(b -> b.issuedAt(fromNow(minutes(-20))).expiration(fromNow(minutes(-10))));
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void expiredWithinClockSkewIsAccepted() {
        String token = aliceWith(b -> b.issuedAt(fromNow(minutes(-5))).expiration(fromNow(Duration.ofSeconds(-20))));
        assertAdmitted(client().verify(token), "alice", null);
    }

    @Test
    @Order(2)
    default void notYetValid() {
        String token = aliceWith(b -> b.notBefore(fromNow(minutes(10))).expiration(fromNow(minutes(20))));
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void wrongIssuer() {
        String token = idp().mint(Alg.RS256, b -> b.issuer("https://evil.example.com")
                .audience().add(AUDIENCE).and().subject("alice"));
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void missingIssuer() {
        String token = idp().mint(Alg.RS256, b -> b.issuer(null).audience().add(AUDIENCE).and().subject("alice"));
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void wrongAudience() {
        String token = idp().mint(Alg.RS256, b -> b.audience().add("other-api").and().subject("alice"));
        assertInvalidToken(client().verify(token), token);
        // Ours with something appended is another audience, not a match by prefix.
        String longer = idp().mint(Alg.RS256, AUDIENCE + ".other", "alice", null);
        assertInvalidToken(client().verify(longer), longer);
    }

    @Test
    @Order(2)
    default void missingAudience() {
        String token = idp().mint(Alg.RS256, b -> b.subject("alice"));
        assertInvalidToken(client().verify(token), token);
    }

    // ---- claim values into headers -------------------------------------------------------------

    @Test
    @Order(2)
    default void crLfInClaimsNeverReachTheHeaders() {
        String token = idp().mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and()
                .subject("alice\r\nX-Injected: yes")
                .claim("email", "alice@example.com\r\n\r\n<html>"));
        HttpResponse<String> r = client().verify(token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertTrue(r.headers().allValues("X-Injected").isEmpty(), () -> "header injection: " + describe(r));
        assertEquals(1, r.headers().allValues("X-User-Id").size(), () -> describe(r));
        assertEquals(1, r.headers().allValues("X-User-Email").size(), () -> describe(r));
        assertPrintableAscii("X-User-Id", r.headers().firstValue("X-User-Id").orElseThrow());
        assertPrintableAscii("X-User-Email", r.headers().firstValue("X-User-Email").orElseThrow());
    }

    @Test
    @Order(2)
    default void otherControlCharactersNeverReachTheHeaders() {
        String token = idp().mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and()
                .subject("al\u0000ice\u0007\t\u001b[31m").claim("email", "bob\u007f@example.com"));
        HttpResponse<String> r = client().verify(token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertPrintableAscii("X-User-Id", r.headers().firstValue("X-User-Id").orElseThrow());
        assertPrintableAscii("X-User-Email", r.headers().firstValue("X-User-Email").orElseThrow());
    }

    @Test
    @Order(2)
    default void nonAsciiClaimsAreRfc8187Encoded() {
        String token = idp().mint(Alg.RS256, AUDIENCE, "jürgen", "jürgen.müller@exämple.com");
        HttpResponse<String> r = client().verify(token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals("UTF-8''j%C3%BCrgen", r.headers().firstValue("X-User-Id").orElseThrow(), () -> describe(r));
        String email = r.headers().firstValue("X-User-Email").orElseThrow();
        assertPrintableAscii("X-User-Email", email);
        assertEquals("jürgen.müller@exämple.com", Rfc8187.decode(email), () -> describe(r));
    }

    @Test
    @Order(2)
    default void nonLatinClaimsAreRfc8187Encoded() {
        String sub = "用户-😀";
        String token = idp().mint(Alg.ES256, AUDIENCE, sub, null);
        HttpResponse<String> r = client().verify(token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals(Rfc8187.encode(sub), r.headers().firstValue("X-User-Id").orElseThrow(), () -> describe(r));
    }

    @Test
    @Order(2)
    default void printableAsciiGoesAsIs() {
        String sub = "CN=Alice O'Brien (ops) #42 ~ {x} 100%";
        String token = idp().mint(Alg.RS256, AUDIENCE, sub, "alice+tag@example.com");
        assertAdmitted(client().verify(token), sub, "alice+tag@example.com");
    }

    @Test
    @Order(2)
    default void whitespaceAtTheEndsListSeparatorsAndQuotesAreRfc8187EncodedThroughTheContainer() {
        String sub = "CN=Alice O'Brien, (ops) \"x\"";
        String token = idp().mint(Alg.RS256, AUDIENCE, sub, " victim@example.com");
        HttpResponse<String> r = client().verify(token);
        assertAdmitted(r, Rfc8187.encode(sub), "UTF-8''%20victim%40example.com");
        assertEquals(sub, Rfc8187.decode(r.headers().firstValue("X-User-Id").orElseThrow()), () -> describe(r));
    }
}
