package org.jwtverifier.jwks;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Signing keys for tests, with their public JWKs; key generation is slow, so pairs are made once per JVM. */
public final class TestKeys {
    public static final TestKeys RSA = new TestKeys("rsa-1", Jwts.SIG.RS256.keyPair().build(), "RS256");
    public static final TestKeys RSA_OTHER = new TestKeys("rsa-2", Jwts.SIG.RS256.keyPair().build(), "RS256");
    public static final TestKeys EC = new TestKeys("ec-1", Jwts.SIG.ES256.keyPair().build(), "ES256");
    public static final TestKeys ED = new TestKeys("ed-1", Jwts.SIG.EdDSA.keyPair().build(), "EdDSA");
    /** Other key material under {@link #RSA}'s kid, as an IdP that reuses a kid publishes it. */
    public static final TestKeys RSA_REUSED_KID = new TestKeys("rsa-1", Jwts.SIG.RS256.keyPair().build(), "RS256");

    private final String kid;
    private final KeyPair pair;
    private final String alg;

    private TestKeys(String kid, KeyPair pair, String alg) {
        this.kid = kid;
        this.pair = pair;
        this.alg = alg;
    }

    public String kid() {
        return kid;
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public PrivateKey privateKey() {
        return pair.getPrivate();
    }

    public String alg() {
        return alg;
    }

    /** @return this key's public JWK as JSON, with {@code kid}, {@code use: sig} and {@code alg} */
    public String jwk() {
        PublicJwk<?> jwk = Jwks.builder().key(pair.getPublic()).idFromThumbprint().id(kid)
                .publicKeyUse("sig").algorithm(alg).build();
        return Jwks.json(jwk);
    }

    /** @return a builder signing with this key under its default algorithm, with its {@code kid} */
    public JwtBuilder sign() {
        return Jwts.builder().header().keyId(kid).and().signWith(pair.getPrivate());
    }

    /** @return a JWKS document holding these keys' public JWKs, plus any raw JWK JSON given */
    public static String jwks(List<TestKeys> keys, String... rawJwks) {
        List<String> members = new ArrayList<>();
        keys.forEach(k -> members.add(k.jwk()));
        members.addAll(List.of(rawJwks));
        return "{\"keys\":[" + String.join(",", members) + "]}";
    }
}
