package org.jwtverifier.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built compact JWS strings for the hostile cases, where a JWT library would refuse to help:
 * {@code alg: none}, HMAC keyed with an RSA public key, key material in the header, broken encodings.
 * Everything is assembled byte by byte, so each case is exactly what its name says.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    // ---- building blocks ---------------------------------------------------------------------------

    public static String b64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    public static String b64url(String utf8) {
        return b64url(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Map<String, ?> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Claims that would pass every check: iss, aud, sub, email, iat=now, exp=now+5m, jti. */
    public static Map<String, Object> validClaims(String issuer, String audience, String subject) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("aud", audience);
        c.put("sub", subject);
        c.put("email", subject + "@example.com");
        c.put("iat", now);
        c.put("exp", now + Duration.ofMinutes(5).toSeconds());
        c.put("jti", java.util.UUID.randomUUID().toString());
        return c;
    }

    public static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        h.put("typ", "JWT");
        if (kid != null) {
            h.put("kid", kid);
        }
        return h;
    }

    /** {@code base64url(header).base64url(claims)}: the JWS signing input. */
    public static String signingInput(Map<String, ?> header, Map<String, ?> claims) {
        return b64url(json(header)) + "." + b64url(json(claims));
    }

    /**
     * Signs {@code header.claims} with {@code key} using the algorithm named in the header's {@code alg}
     * (RS256, PS256, ES256, EdDSA), whatever else the header says.
     */
    public static String sign(Map<String, ?> header, Map<String, ?> claims, PrivateKey key) {
        String input = signingInput(header, claims);
        String alg = String.valueOf(header.get("alg"));
        try {
            Signature s;
            switch (alg) {
                case "RS256" -> s = Signature.getInstance("SHA256withRSA");
                case "PS256" -> {
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                case "ES256" -> s = Signature.getInstance("SHA256withECDSAinP1363Format");
                case "EdDSA" -> s = Signature.getInstance("Ed25519");
                default -> throw new IllegalArgumentException("cannot sign alg " + alg);
            }
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64url(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with {@code key} using its own algorithm and kid. */
    public static String sign(SigningKey key, Map<String, ?> claims) {
        return sign(header(key.alg().jwsName(), key.kid()), claims, key.privateKey());
    }

    // ---- alg: none, algorithm confusion ----------------------------------------------------------

    /** An unsecured JWS ({@code alg} as given, e.g. none, None, NONE) with an empty signature. */
    public static String unsecured(String algSpelling, String kid, Map<String, ?> claims) {
        return signingInput(header(algSpelling, kid), claims) + ".";
    }

    /** An {@code alg: none} token that still carries the signature of a real token (signature stripping). */
    public static String unsecuredWithSignature(String kid, Map<String, ?> claims, String signatureSegment) {
        return signingInput(header("none", kid), claims) + "." + signatureSegment;
    }

    /** HS256 keyed with the DER (X.509 SubjectPublicKeyInfo) bytes of an RSA public key. */
    public static String hs256WithPublicKeyDer(PublicKey rsaPublic, String kid, Map<String, ?> claims) {
        return hs256(rsaPublic.getEncoded(), kid, claims);
    }

    /** HS256 keyed with the PEM text of an RSA public key, the classic key-confusion attack. */
    public static String hs256WithPublicKeyPem(PublicKey rsaPublic, String kid, Map<String, ?> claims) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsaPublic.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return hs256(pem.getBytes(StandardCharsets.US_ASCII), kid, claims);
    }

    public static String hs256(byte[] secret, String kid, Map<String, ?> claims) {
        String input = signingInput(header("HS256", kid), claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- key material in the header ------------------------------------------------------------

    /** Signed with the attacker's key, which the header carries inline as {@code jwk}. */
    public static String withEmbeddedJwk(SigningKey attackerKey, String kid, Map<String, ?> claims) {
        Map<String, Object> h = header(attackerKey.alg().jwsName(), kid);
        h.put("jwk", parse(attackerKey.publicJwkJson()));
        return sign(h, claims, attackerKey.privateKey());
    }

    /** Signed with the attacker's key, with {@code jku} pointing at the attacker's JWKS. */
    public static String withJku(AttackerServer attacker, String kid, Map<String, ?> claims) {
        Map<String, Object> h = header(attacker.key().alg().jwsName(), kid);
        h.put("jku", attacker.jwksUri());
        return sign(h, claims, attacker.key().privateKey());
    }

    /** Signed with the attacker's key, with {@code x5u} pointing at the attacker's server. */
    public static String withX5u(AttackerServer attacker, String kid, Map<String, ?> claims) {
        Map<String, Object> h = header(attacker.key().alg().jwsName(), kid);
        h.put("x5u", attacker.url("/cert.pem"));
        return sign(h, claims, attacker.key().privateKey());
    }

    // ---- malformed ---------------------------------------------------------------------------------

    /** Strings that are not three dot-separated segments, or have empty ones. */
    public static List<String> malformedSegments(String validToken) {
        String[] p = validToken.split("\\.");
        return List.of(
                "not-a-jwt",
                p[0] + "." + p[1],                               // two segments
                validToken + "." + p[2],                         // four segments
                p[0] + "." + p[1] + "." + p[2] + "." + p[1] + "." + p[2], // five segments (JWE-shaped)
                "..",
                "." + p[1] + "." + p[2],                          // empty header
                p[0] + ".." + p[2]);                              // empty payload
    }

    /** Characters outside the base64url alphabet, in the header, the payload and the signature. */
    public static List<String> badBase64(String validToken) {
        String[] p = validToken.split("\\.");
        return List.of(
                "*" + p[0].substring(1) + "." + p[1] + "." + p[2],
                p[0] + "." + p[1].substring(0, 10) + "!$" + p[1].substring(12) + "." + p[2],
                p[0] + "." + p[1] + "." + p[2].replace(p[2].charAt(5), '+'),  // '+' is base64, not base64url
                p[0] + "." + p[1] + "." + p[2].substring(0, 8) + "%2F" + p[2].substring(11));
    }

    /** Well-encoded segments whose JSON is broken: in the header, in the payload, or not an object. */
    public static List<String> invalidJson(String validToken) {
        String[] p = validToken.split("\\.");
        return List.of(
                b64url("{\"alg\":\"RS256\",\"kid\":") + "." + p[1] + "." + p[2],
                p[0] + "." + b64url("{\"sub\":\"alice\",") + "." + p[2],
                b64url("[\"RS256\"]") + "." + p[1] + "." + p[2],
                p[0] + "." + b64url("\"just a string\"") + "." + p[2],
                p[0] + "." + b64url("{\"sub\":\"alice\"}trailing") + "." + p[2]);
    }

    /** The token with '=' padding added to every segment whose length calls for it (JWS forbids padding). */
    public static String padded(String validToken) {
        String[] p = validToken.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(p[i]).append("=".repeat((4 - p[i].length() % 4) % 4));
        }
        String out = sb.toString();
        if (out.equals(validToken)) {
            throw new IllegalArgumentException("no segment of this token needs padding");
        }
        return out;
    }

    /** A claim value that makes a token longer than {@code bytes}. */
    public static String filler(int bytes) {
        return "x".repeat(bytes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
