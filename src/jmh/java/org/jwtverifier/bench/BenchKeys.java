package org.jwtverifier.bench;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * One signing key per JWS algorithm under test, with its public JWK. RSA is 2048 bits (what IdPs issue), EC is
 * P-256, EdDSA is Ed25519 (named explicitly: JJWT's EdDSA default would be Ed448).
 */
public enum BenchKeys {
    RS256("bench-rsa", "SHA256withRSA"),
    ES256("bench-ec", "SHA256withECDSAinP1363Format"),
    EdDSA("bench-ed", "Ed25519");

    public static final String ISSUER = "https://idp.bench.example";
    public static final String AUDIENCE = "api";

    private final String kid;
    private final String jcaSignature;
    private volatile KeyPair pair;

    BenchKeys(String kid, String jcaSignature) {
        this.kid = kid;
        this.jcaSignature = jcaSignature;
    }

    public String kid() {
        return kid;
    }

    /** The JDK {@code Signature} name that checks this algorithm's JWS signature bytes as they are (ECDSA: R||S). */
    public String jcaSignature() {
        return jcaSignature;
    }

    public synchronized KeyPair pair() {
        if (pair == null) {
            pair = switch (this) {
                case RS256 -> Jwts.SIG.RS256.keyPair().build();
                case ES256 -> Jwts.SIG.ES256.keyPair().build();
                case EdDSA -> Jwks.CRV.Ed25519.keyPair().build();
            };
        }
        return pair;
    }

    public String jwk() {
        PublicJwk<?> jwk = Jwks.builder().key(pair().getPublic()).id(kid).publicKeyUse("sig").algorithm(name())
                .build();
        return Jwks.json(jwk);
    }

    public static String jwks(List<BenchKeys> keys) {
        List<String> members = new ArrayList<>();
        keys.forEach(k -> members.add(k.jwk()));
        return "{\"keys\":[" + String.join(",", members) + "]}";
    }

    /**
     * A token as an IdP would issue it: issuer, audience, subject, email, iat, exp and a unique jti, so every
     * token minted is distinct.
     */
    public String mint(int serial, Instant now, long lifetimeSeconds) {
        return mint(serial, now, lifetimeSeconds, ISSUER);
    }

    public String mint(int serial, Instant now, long lifetimeSeconds, String issuer) {
        return Jwts.builder().header().keyId(kid).and()
                .issuer(issuer).audience().add(AUDIENCE).and()
                .subject("user-" + serial).claim("email", "user-" + serial + "@example.com")
                .id(Integer.toString(serial))
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(lifetimeSeconds)))
                .signWith(pair().getPrivate())
                .compact();
    }
}
