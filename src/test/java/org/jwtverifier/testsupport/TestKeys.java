package org.jwtverifier.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The signing keys unit tests share, made once per JVM because key generation is slow; the test IdP makes its own.
 */
public final class TestKeys {
    public static final SigningKey RSA = SigningKey.generate(Alg.RS256, "rsa-1");
    public static final SigningKey RSA_OTHER = SigningKey.generate(Alg.RS256, "rsa-2");
    public static final SigningKey EC = SigningKey.generate(Alg.ES256, "ec-1");
    public static final SigningKey ED = SigningKey.generate(Alg.EdDSA, "ed-1");
    /** Other key material under {@link #RSA}'s kid, as an IdP that reuses a kid publishes it. */
    public static final SigningKey RSA_REUSED_KID = SigningKey.generate(Alg.RS256, "rsa-1");

    private TestKeys() {
    }

    /** @return a JWKS document (RFC 7517 §5) holding these keys' public JWKs, plus any raw JWK JSON given */
    public static String jwks(List<SigningKey> keys, String... rawJwks) {
        List<String> members = new ArrayList<>();
        keys.forEach(k -> members.add(k.publicJwkJson()));
        members.addAll(List.of(rawJwks));
        return "{\"keys\":[" + String.join(",", members) + "]}";
    }
}
