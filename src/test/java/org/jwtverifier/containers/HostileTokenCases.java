package org.jwtverifier.containers;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.AttackerServer;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;
import org.jwtverifier.testsupport.Tokens;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidRequest;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Tokens an attacker would send: unsigned, algorithm confusion, foreign keys, key material in the header,
 * broken encodings, oversized. Each is refused with the right status and never answered with a 500 or with
 * the token echoed back. The IdP's JWKS also carries unusable keys, which must not spoil the others. Steps of
 * {@link BlackBoxSuite}, on every container.
 */
interface HostileTokenCases {
    int MAX_TOKEN_BYTES = 8192;

    /** @return HTTP to the verifier, configured with {@link #MAX_TOKEN_BYTES} */
    VerifierClient client();

    /**
     * @return the IdP of the verifier's first issuer, whose JWKS also holds an RSA key whose modulus is not
     *         base64url and a key of a type nobody knows
     */
    TestIdp idp();

    /** @return a server that counts what is fetched from it (jku, x5u) */
    AttackerServer attacker();

    private Map<String, Object> claims() {
        return Tokens.validClaims(idp().issuer(), AUDIENCE, "alice");
    }

    private String valid() {
        return Tokens.sign(idp().key(Alg.RS256), claims());
    }

    @Test
    @Order(2)
    default void verifyWhenTheKeySetAlsoHoldsUnusableKeysThenValidTokensAreAdmitted() {
        assertAdmitted(client().verify(valid()), "alice", "alice@example.com");
        assertAdmitted(client().verify(Tokens.sign(idp().key(Alg.EdDSA), claims())), "alice", "alice@example.com");
    }

    // ---- unsigned and algorithm confusion ------------------------------------------------------

    @Test
    @Order(2)
    default void verifyWhenAlgNoneInAnySpellingThenInvalidToken() {
        String kid = idp().key(Alg.RS256).kid();
        for (String spelling : List.of("none", "None", "NONE", "nOnE")) {
            String token = Tokens.unsecured(spelling, kid, claims());
            assertInvalidToken(client().verify(token), token);
        }
    }

    @Test
    @Order(2)
    default void verifyWhenAlgNoneCarriesARealSignatureThenInvalidToken() {
        String real = valid();
        String token = Tokens.unsecuredWithSignature(idp().key(Alg.RS256).kid(), claims(), real.split("\\.")[2]);
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void verifyWhenHs256IsKeyedWithTheRsaPublicKeyThenInvalidToken() {
        SigningKey rsa = idp().key(Alg.RS256);
        String der = Tokens.hs256WithPublicKeyDer(rsa.publicKey(), rsa.kid(), claims());
        assertInvalidToken(client().verify(der), der);
        String pem = Tokens.hs256WithPublicKeyPem(rsa.publicKey(), rsa.kid(), claims());
        assertInvalidToken(client().verify(pem), pem);
    }

    @Test
    @Order(2)
    default void verifyWhenAnotherKeySignsUnderAKnownKidThenInvalidToken() {
        for (Alg alg : Alg.values()) {
            SigningKey impostor = SigningKey.generate(alg, idp().key(alg).kid());
            String token = Tokens.sign(impostor, claims());
            assertInvalidToken(client().verify(token), token);
        }
    }

    @Test
    @Order(2)
    default void verifyWhenAlgDoesNotMatchTheKeyThenInvalidToken() {
        // RS256 key, token says PS256 but carries an RS256 signature.
        SigningKey rsa = idp().key(Alg.RS256);
        String rs = Tokens.sign(rsa, claims());
        String[] p = rs.split("\\.");
        String header = Tokens.b64url(Tokens.json(Tokens.header("PS256", rsa.kid())));
        String token = header + "." + p[1] + "." + p[2];
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void verifyWhenKidIsUnknownThenInvalidToken() {
        SigningKey stranger = SigningKey.generate(Alg.RS256, "no-such-kid");
        String token = Tokens.sign(stranger, claims());
        assertInvalidToken(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void verifyWhenPayloadIsTamperedThenInvalidToken() {
        String[] p = valid().split("\\.");
        Map<String, Object> c = claims();
        c.put("sub", "admin");
        String token = p[0] + "." + Tokens.b64url(Tokens.json(c)) + "." + p[2];
        assertInvalidToken(client().verify(token), token);
    }

    // ---- key material from the token header ----------------------------------------------------

    @Test
    @Order(2)
    default void verifyWhenHeaderEmbedsAJwkThenInvalidToken() {
        SigningKey attackerKey = attacker().key();
        String token = Tokens.withEmbeddedJwk(attackerKey, attackerKey.kid(), claims());
        assertInvalidToken(client().verify(token), token);
        String sameKid = Tokens.withEmbeddedJwk(attackerKey, idp().key(Alg.RS256).kid(), claims());
        assertInvalidToken(client().verify(sameKid), sameKid);
    }

    @Test
    @Order(2)
    default void verifyWhenHeaderNamesAJkuThenInvalidTokenAndNothingFetched() {
        assertInvalidTokenAndAttackerNotAsked(Tokens.withJku(attacker(), attacker().key().kid(), claims()),
                Tokens.withJku(attacker(), idp().key(Alg.RS256).kid(), claims()));
    }

    @Test
    @Order(2)
    default void verifyWhenHeaderNamesAnX5uThenInvalidTokenAndNothingFetched() {
        assertInvalidTokenAndAttackerNotAsked(Tokens.withX5u(attacker(), attacker().key().kid(), claims()));
    }

    /** Each token, naming a URL on the attacker's server, is invalid_token, and that server is never asked. */
    private void assertInvalidTokenAndAttackerNotAsked(String... tokens) {
        int before = attacker().requestCount();
        for (String token : tokens) {
            assertInvalidToken(client().verify(token), token);
        }
        assertEquals(before, attacker().requestCount(), () -> "the verifier contacted the attacker: " + attacker().requests());
    }

    // ---- malformed (400 invalid_request) -------------------------------------------------------

    /**
     * A token that is not a well-formed JWS (segments, base64url, JSON, padding) is a malformed request:
     * 400 {@code error="invalid_request"}, as the /verify contract says.
     */
    /** RFC 6750 §3.1 lists a malformed token under invalid_token (401); invalid_request is for the request. */
    private static void assertMalformed(HttpResponse<String> r, String token) {
        Challenge challenge = assertInvalidToken(r, token);
        assertEquals("The token is malformed", challenge.param("error_description"));
    }

    private void assertEachMalformed(List<String> tokens) {
        for (String token : tokens) {
            assertMalformed(client().verify(token), token);
        }
    }

    @Test
    @Order(2)
    default void verifyWhenSegmentsAreMalformedThenInvalidTokenMalformed() {
        assertEachMalformed(Tokens.malformedSegments(valid()));
    }

    @Test
    @Order(2)
    default void verifyWhenBase64urlIsBrokenThenInvalidTokenMalformed() {
        assertEachMalformed(Tokens.badBase64(valid()));
    }

    @Test
    @Order(2)
    default void verifyWhenJsonIsInvalidThenInvalidTokenMalformed() {
        assertEachMalformed(Tokens.invalidJson(valid()));
    }

    @Test
    @Order(2)
    default void verifyWhenBase64urlIsPaddedThenInvalidTokenMalformed() {
        String token = Tokens.padded(valid());
        assertTrue(token.contains("="));
        assertMalformed(client().verify(token), token);
    }

    @Test
    @Order(2)
    default void verifyWhenTokenExceedsMaxTokenBytesThenInvalidRequest() {
        Map<String, Object> c = claims();
        c.put("filler", Tokens.filler(MAX_TOKEN_BYTES));
        String token = Tokens.sign(idp().key(Alg.RS256), c);
        assertTrue(token.length() > MAX_TOKEN_BYTES);
        HttpResponse<String> r = client().verify(token);
        assertInvalidRequest(r, token);
    }

    @Test
    @Order(2)
    default void verifyWhenTokenIsJustUnderMaxTokenBytesThenAdmitted() {
        Map<String, Object> c = claims();
        String base = Tokens.sign(idp().key(Alg.RS256), c);
        // base64url grows 4/3: leave room for that and a few bytes of JSON.
        c.put("filler", Tokens.filler((MAX_TOKEN_BYTES - base.length()) * 3 / 4 - 32));
        String token = Tokens.sign(idp().key(Alg.RS256), c);
        assertTrue(token.length() <= MAX_TOKEN_BYTES && token.length() > MAX_TOKEN_BYTES - 100,
                () -> "length " + token.length());
        HttpResponse<String> r = client().verify(token);
        assertEquals(200, r.statusCode(), () -> describe(r));
    }

    @Test
    @Order(2)
    default void verifyWhenBearerCarriesNoTokenThenRejectedAs400Or401() {
        // "Bearer" followed by nothing usable: a malformed credential.
        for (String value : List.of("Bearer", "Bearer ", "Bearer    ")) {
            HttpResponse<String> r = client().verifyWithAuthorization(value);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 401, () -> "'" + value + "': " + describe(r));
        }
    }
}
