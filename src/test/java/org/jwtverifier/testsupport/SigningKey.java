package org.jwtverifier.testsupport;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/** A signing key of the test IdP (or of an attacker): its {@code kid}, algorithm and key pair. */
public record SigningKey(String kid, Alg alg, PublicKey publicKey, PrivateKey privateKey) {

    public static SigningKey generate(Alg alg, String kid) {
        KeyPair pair = alg.generateKeyPair();
        return new SigningKey(kid, alg, pair.getPublic(), pair.getPrivate());
    }

    /** The public JWK ({@code kty}, key parameters, {@code kid}, {@code alg}, {@code use=sig}). */
    public PublicJwk<?> publicJwk() {
        return Jwks.builder().key(publicKey).id(kid).algorithm(alg.jwsName()).add("use", "sig").build();
    }

    /** The public JWK as JSON. */
    public String publicJwkJson() {
        return Jwks.json(publicJwk());
    }
}
