package org.jwtverifier.testsupport;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** A signing key of the test IdP, of a unit test (see {@link TestKeys}) or of an attacker: kid, algorithm, pair. */
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

    /** A JJWT builder that signs with this key under its algorithm and names its {@code kid}. */
    public JwtBuilder sign() {
        return Jwts.builder().header().keyId(kid).and().signWith(privateKey, alg.jjwt());
    }

    /**
     * The one way tests, benchmarks and load runs mint a token as an IdP issues it: {@link #sign()} with
     * {@code iss}, {@code iat = now} and {@code exp = now + lifetime} (RFC 7519 §4.1). Add {@code aud}, {@code sub},
     * {@code jti} and the rest, then {@code compact()}.
     */
    public JwtBuilder issue(String issuer, Instant now, Duration lifetime) {
        return sign().issuer(issuer).issuedAt(Date.from(now)).expiration(Date.from(now.plus(lifetime)));
    }
}
