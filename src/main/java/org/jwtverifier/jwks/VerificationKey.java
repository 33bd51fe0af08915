package org.jwtverifier.jwks;

import java.security.Key;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import org.jwtverifier.config.JwsAlgorithm;

/**
 * One usable verification key of one issuer, with what its JWK states about its use.
 *
 * @param kid     the JWK {@code kid}, or null when the JWK has none
 * @param key     the public key (or, for a shared-secret issuer, the secret key)
 * @param keyType the JWK {@code kty}: RSA, EC, OKP or oct
 * @param curve   the JWK {@code crv} for EC and OKP keys, else null
 * @param alg     the JWK {@code alg}, or null when unstated
 * @param use     the JWK {@code use}, or null when unstated
 * @param keyOps  the JWK {@code key_ops}; empty when unstated
 */
public record VerificationKey(String kid, Key key, String keyType, String curve, String alg, String use,
                              Set<String> keyOps) {

    /**
     * Whether this key may verify a JWS with the given algorithm: the key type must fit the algorithm, and the
     * JWK's {@code alg}, {@code use} and {@code key_ops}, where stated, must agree (RFC 8725 §3.1, RFC 7517 §4.2-4.4).
     * Which key type fits which algorithm is {@link JwsAlgorithm}'s table, the one the configuration allows from.
     */
    public boolean permits(String jwsAlgorithm) {
        if (alg != null && !alg.equals(jwsAlgorithm)) {
            return false;
        }
        if (use != null && !use.equals("sig")) {
            return false;
        }
        if (!keyOps.isEmpty() && !keyOps.contains("verify")) {
            return false;
        }
        return JwsAlgorithm.named(jwsAlgorithm).map(a -> a.fits(keyType, curve)).orElse(false);
    }

    /**
     * Whether {@code other} is this very key: the same {@code kid}, the same stated type and use, and equal key
     * material. A refresh parses the JWKS into new objects, so identity only settles the common case; an IdP that
     * publishes other material under the same {@code kid} makes it a different key.
     */
    public boolean sameKeyAs(VerificationKey other) {
        if (other == this) {
            return true;
        }
        return other != null && Objects.equals(kid, other.kid) && keyType.equals(other.keyType)
                && Objects.equals(curve, other.curve) && Objects.equals(alg, other.alg)
                && Objects.equals(use, other.use) && keyOps.equals(other.keyOps) && sameMaterial(key, other.key);
    }

    private static boolean sameMaterial(Key a, Key b) {
        if (a instanceof SecretKey || b instanceof SecretKey) {
            if (!(a instanceof SecretKey && b instanceof SecretKey)) {
                return false;
            }
            // Only SecretKeySpec promises value equality, and it also weighs the JCA algorithm name, which says
            // nothing about the secret: compare the bytes, in constant time, and wipe the copies.
            byte[] x = a.getEncoded();
            byte[] y = b.getEncoded();
            try {
                return x != null && y != null && MessageDigest.isEqual(x, y);
            } finally {
                wipe(x);
                wipe(y);
            }
        }
        // The JDK's RSA, EC and EdDSA public keys are equal when their encodings are.
        return a.equals(b);
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
