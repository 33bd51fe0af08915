package org.jwtverifier.testsupport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hostile token builders produce exactly what they claim. */
class TokensTest {

    static final SigningKey RSA = SigningKey.generate(Alg.RS256, "k1");
    static final Map<String, Object> CLAIMS = Tokens.validClaims("https://idp", "api", "alice");

    static String headerJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    @Test
    void unsecuredHasEmptySignature() {
        String t = Tokens.unsecured("none", "k1", CLAIMS);
        assertTrue(t.endsWith("."));
        assertEquals(3, t.split("\\.", -1).length);
        assertTrue(headerJson(t).contains("\"alg\":\"none\""));
    }

    @Test
    void hs256ConfusionTokensSayHs256() {
        assertTrue(headerJson(Tokens.hs256WithPublicKeyDer(RSA.publicKey(), "k1", CLAIMS)).contains("\"alg\":\"HS256\""));
        assertTrue(headerJson(Tokens.hs256WithPublicKeyPem(RSA.publicKey(), "k1", CLAIMS)).contains("\"alg\":\"HS256\""));
    }

    @Test
    void headerKeyMaterial() {
        try (AttackerServer attacker = AttackerServer.start()) {
            String jku = headerJson(Tokens.withJku(attacker, "k1", CLAIMS));
            assertTrue(jku.contains("\"jku\":\"" + attacker.jwksUri() + "\""), jku);
            String jwk = headerJson(Tokens.withEmbeddedJwk(attacker.key(), "k1", CLAIMS));
            assertTrue(jwk.contains("\"jwk\":{") && jwk.contains("\"kty\":\"RSA\""), jwk);
            assertTrue(headerJson(Tokens.withX5u(attacker, "k1", CLAIMS)).contains("\"x5u\""));
            assertEquals(0, attacker.requestCount());
        }
    }

    @Test
    void paddedAddsEquals() {
        String t = Tokens.sign(RSA, CLAIMS);
        String p = Tokens.padded(t);
        assertTrue(p.contains("="));
        assertEquals(t, p.replace("=", ""));
        for (String seg : p.split("\\.")) {
            assertEquals(0, seg.length() % 4);
        }
    }

    @Test
    void paddedRefusesATokenThatNeedsNone() {
        assertThrows(IllegalArgumentException.class, () -> Tokens.padded("abcd.efgh.ijkl"));
    }

    @Test
    void malformedShapes() {
        String t = Tokens.sign(RSA, CLAIMS);
        for (String m : Tokens.malformedSegments(t)) {
            String[] parts = m.split("\\.", -1);
            assertTrue(parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty(), m);
        }
        for (String b : Tokens.badBase64(t)) {
            assertFalse(b.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), b);
        }
        for (String j : Tokens.invalidJson(t)) {
            assertTrue(j.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), j);
        }
    }

    @Test
    void rfc8187() {
        assertEquals("UTF-8''j%C3%BCrgen", Rfc8187.encode("jürgen"));
        assertEquals("jürgen@x.example", Rfc8187.decode(Rfc8187.encode("jürgen@x.example")));
        assertThrows(IllegalArgumentException.class, () -> Rfc8187.decode("UTF-8''a b"));
    }

    @Test
    void challengeParsing() {
        Challenge c = Challenge.parse("Bearer realm=\"jwt-verifier\", error=\"invalid_token\", error_description=\"a \\\"b\\\"\"");
        assertEquals("Bearer", c.scheme());
        assertEquals("jwt-verifier", c.param("realm"));
        assertEquals("invalid_token", c.param("error"));
        assertEquals("a \"b\"", c.param("error_description"));
    }
}
