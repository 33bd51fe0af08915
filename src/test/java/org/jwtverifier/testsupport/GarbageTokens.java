package org.jwtverifier.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Seeded garbage for the token slot of a request: broken base64url, JSON that is not an object or nests deep,
 * numbers no type holds, claims of the wrong type, {@code alg: none}, key material in the header ({@code jwk},
 * {@code jku}, {@code x5u}), duplicate members, bytes that are not UTF-8, and real signatures over such content
 * (so the parser, not only the signature check, meets them). The same seed gives the same sequence, apart from the
 * signatures and times that the valid token and the signing key bring in. Reusable by any fuzz driver: it only
 * needs a {@link Random}.
 *
 * @param key   a key the verifier trusts (EdDSA or RS256), so that well-signed garbage gets past the signature
 * @param valid a token the verifier admits, for variations close to it
 */
public record GarbageTokens(SigningKey key, String issuer, String audience, String valid) {
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String NOT_B64URL = "=+/%.~!*$ \"\\{}";

    public String next(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> valid;
            case 1 -> mutateChar(random, valid);
            case 2 -> randomSegments(random);
            case 3 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 4 -> valid + "." + randomString(random, B64URL, 1 + random.nextInt(40));
            case 5 -> signed(header(), deepJson(random, 64 + random.nextInt(4000)));
            case 6 -> signed(header(), claims(pick(random, HUGE_NUMBERS), pick(random, HUGE_NUMBERS)));
            case 7 -> signed(header(), wrongTypes(random));
            case 8 -> unsigned(pick(random, List.of("none", "None", "NONE", "")),
                    claims(String.valueOf(now() + 300), String.valueOf(now())));
            case 9 -> signed(pick(random, KEY_HEADERS).replace("KID", key.kid()).replace("ALG", alg()),
                    claims(String.valueOf(now() + 300), String.valueOf(now())));
            case 10 -> signed(pick(random, NOT_OBJECTS), claims(String.valueOf(now() + 300), String.valueOf(now())));
            case 11 -> signed(header(), pick(random, NOT_OBJECTS));
            case 12 -> signed(header(), "{\"iss\":\"" + issuer + "\",\"iss\":\"https://evil.example\",\"aud\":\""
                    + audience + "\",\"exp\":" + (now() + 300) + "}");
            case 13 -> Tokens.b64url(randomBytes(random, 1 + random.nextInt(64))) + "."
                    + Tokens.b64url(new byte[]{(byte) 0xff, (byte) 0xfe, '{', '}'}) + "." + Tokens.b64url("sig");
            case 14 -> String.join(".", java.util.Collections.nCopies(2 + random.nextInt(6),
                    randomString(random, B64URL, random.nextInt(30))));
            default -> randomString(random, B64URL + NOT_B64URL, random.nextInt(200));
        };
    }

    private static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "99999999999999999999999999999999",
            "-99999999999999999999", "1.7976931348623157e309", "0.0000000000000000000000001", "-0", "1E+2147483647",
            "9223372036854775808", "-9223372036854775809", "NaN", "Infinity");

    private static final List<String> KEY_HEADERS = List.of(
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"jku\":\"http://127.0.0.1:1/jwks.json\"}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"x5u\":\"http://127.0.0.1:1/cert.pem\"}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"x5c\":[\"MIIB\"]}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"crit\":[\"exp\"],\"exp\":1}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"zip\":\"DEF\"}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"enc\":\"A256GCM\"}",
            "{\"alg\":\"HS256\",\"kid\":\"KID\"}",
            "{\"alg\":\"ALG\",\"kid\":7}",
            "{\"alg\":true,\"kid\":\"KID\"}",
            "{\"alg\":\"ALG\",\"kid\":\"\\u0000\\r\\nX-Injected: 1\"}",
            "{\"alg\":\"ALG\",\"kid\":\"KID\",\"typ\":[\"JWT\"]}");

    private static final List<String> NOT_OBJECTS = List.of("[]", "null", "1", "\"text\"", "true", "{", "{\"a\":}",
            "{\"a\":1,}", "{'a':1}", "{\"a\":1}{\"b\":2}", "", " ", "{\"a\":\"\\ud800\"}", "{\"a\":1e99999}");

    private String wrongTypes(Random random) {
        String exp = String.valueOf(now() + 300);
        String iat = String.valueOf(now());
        List<String> variants = List.of(
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":\"" + exp + "\",\"iat\":" + iat + "}",
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"iat\":\"yesterday\"}",
                "{\"iss\":\"" + issuer + "\",\"aud\":5,\"exp\":" + exp + "}",
                "{\"iss\":[\"" + issuer + "\"],\"aud\":\"" + audience + "\",\"exp\":" + exp + "}",
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"sub\":{\"a\":[1,{}]}}",
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"nbf\":[1]}",
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"email\":\"a\\r\\nb\"}",
                "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"scope\":7,\"scp\":\"x\"}",
                "{\"iss\":\"" + issuer + "\",\"aud\":[],\"exp\":true}",
                "{\"iss\":null,\"aud\":null,\"exp\":null}");
        return pick(random, variants);
    }

    private String claims(String exp, String iat) {
        return "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"fuzz\",\"exp\":" + exp
                + ",\"iat\":" + iat + "}";
    }

    private static String deepJson(Random random, int depth) {
        StringBuilder b = new StringBuilder("{\"a\":");
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        b.append(open.repeat(depth)).append('1').append(close.repeat(depth)).append('}');
        return b.toString();
    }

    private String header() {
        return "{\"alg\":\"" + alg() + "\",\"kid\":\"" + key.kid() + "\",\"typ\":\"JWT\"}";
    }

    private String alg() {
        return key.alg().jwsName();
    }

    private String signed(String headerJson, String payloadJson) {
        String input = Tokens.b64url(headerJson) + "." + Tokens.b64url(payloadJson);
        try {
            Signature s = Signature.getInstance(key.alg() == Alg.EdDSA ? "Ed25519" : "SHA256withRSA");
            s.initSign(key.privateKey());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Tokens.b64url(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String alg, String payloadJson) {
        return Tokens.b64url("{\"alg\":\"" + alg + "\"}") + "." + Tokens.b64url(payloadJson) + ".";
    }

    private static String mutateChar(Random random, String token) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = (B64URL + NOT_B64URL).charAt(random.nextInt(B64URL.length() + NOT_B64URL.length()));
        return new String(chars);
    }

    private static String randomSegments(Random random) {
        return randomString(random, B64URL, random.nextInt(60)) + "." + randomString(random, B64URL, random.nextInt(200))
                + "." + randomString(random, B64URL, random.nextInt(90));
    }

    static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
