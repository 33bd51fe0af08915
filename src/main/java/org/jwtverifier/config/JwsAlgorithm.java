package org.jwtverifier.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JWS algorithms jwt-verifier knows, each with the JWK key type (and curves) that may verify it: the one table
 * behind the configuration's {@code algorithms} allow-list and a key's fitness for a token's {@code alg}.
 * {@code none} is not here, so it can never be allowed.
 */
public enum JwsAlgorithm {
    /** RFC 7518 §3.3: RSASSA-PKCS1-v1_5. */
    RS256("RSA"), RS384("RSA"), RS512("RSA"),
    /** RFC 7518 §3.5: RSASSA-PSS. */
    PS256("RSA"), PS384("RSA"), PS512("RSA"),
    /** RFC 7518 §3.4: ECDSA, each on its one curve. */
    ES256("EC", "P-256"), ES384("EC", "P-384"), ES512("EC", "P-521"),
    /** RFC 8037 §3.1: EdDSA on an OKP key. */
    EdDSA("OKP", "Ed25519", "Ed448"),
    /** RFC 7518 §3.2: HMAC with a shared secret ({@code kty: oct}). */
    HS256("oct"), HS384("oct"), HS512("oct");

    /** The asymmetric algorithms (RFC 7518 §3.1, RFC 8037 §3.1), in table order: the default allow-list. */
    public static final Set<String> ASYMMETRIC = names(false);
    /** The HMAC algorithms (RFC 7518 §3.2): only for an issuer with a local shared secret. */
    public static final Set<String> HMAC = names(true);

    private final String keyType;
    private final Set<String> curves;

    JwsAlgorithm(String keyType, String... curves) {
        this.keyType = keyType;
        this.curves = Set.of(curves);
    }

    /** @return the algorithm with this exact JWS {@code alg} name (case-sensitive, RFC 7515 §4.1.1) */
    public static Optional<JwsAlgorithm> named(String alg) {
        return Arrays.stream(values()).filter(a -> a.name().equals(alg)).findFirst();
    }

    /** Whether the algorithm verifies with a shared secret rather than a public key. */
    public boolean isHmac() {
        return keyType.equals("oct");
    }

    /**
     * Whether a JWK of this {@code kty} and {@code crv} can verify this algorithm (RFC 8725 §3.1: the key type must
     * fit the algorithm).
     *
     * @param curve the JWK {@code crv}, null for key types that have none
     */
    public boolean fits(String jwkKeyType, String curve) {
        return keyType.equals(jwkKeyType) && (curves.isEmpty() || curves.contains(curve));
    }

    private static Set<String> names(boolean hmac) {
        return Arrays.stream(values()).filter(a -> a.isHmac() == hmac).map(Enum::name)
                .collect(Collectors.collectingAndThen(Collectors.toCollection(LinkedHashSet::new),
                        java.util.Collections::unmodifiableSet));
    }
}
