package org.jwtverifier.bench;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestKeys;

/**
 * One signing key per JWS algorithm under test, with its public JWK. RSA is 2048 bits (what IdPs issue), EC is
 * P-256, EdDSA is Ed25519; the keys and tokens are the tests' own ({@link SigningKey}).
 */
public enum BenchKeys {
    RS256("SHA256withRSA"),
    ES256("SHA256withECDSAinP1363Format"),
    EdDSA("Ed25519");

    public static final String ISSUER = "https://idp.bench.example";
    public static final String AUDIENCE = "api";

    private final String jcaSignature;
    private volatile SigningKey key;

    BenchKeys(String jcaSignature) {
        this.jcaSignature = jcaSignature;
    }

    /** {@code bench-rs256}, {@code bench-es256}, {@code bench-eddsa}: one key per algorithm. */
    public String kid() {
        return "bench-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The JDK {@code Signature} name that checks this algorithm's JWS signature bytes as they are (ECDSA: R||S). */
    public String jcaSignature() {
        return jcaSignature;
    }

    /** Made on first use: key generation is slow. */
    public synchronized SigningKey signingKey() {
        if (key == null) {
            key = SigningKey.generate(Alg.valueOf(name()), kid());
        }
        return key;
    }

    public KeyPair pair() {
        return new KeyPair(signingKey().publicKey(), signingKey().privateKey());
    }

    public String jwk() {
        return signingKey().publicJwkJson();
    }

    public static String jwks(List<BenchKeys> keys) {
        return TestKeys.jwks(keys.stream().map(BenchKeys::signingKey).toList());
    }

    /**
     * A token as an IdP would issue it: issuer, audience, subject, email, iat, exp and a unique jti, so every
     * token minted is distinct.
     */
    public String mint(int serial, Instant now, long lifetimeSeconds) {
        return mint(serial, now, lifetimeSeconds, ISSUER);
    }

    public String mint(int serial, Instant now, long lifetimeSeconds, String issuer) {
        return signingKey().issue(issuer, now, Duration.ofSeconds(lifetimeSeconds))
                .audience().add(AUDIENCE).and()
                .subject("user-" + serial).claim("email", "user-" + serial + "@example.com")
                .id(Integer.toString(serial))
                .compact();
    }
}
