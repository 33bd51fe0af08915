package org.jwtverifier.testsupport;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The asymmetric JWS algorithms the test IdP signs with, one key type each. */
public enum Alg {
    RS256("rs256"),
    PS256("ps256"),
    ES256("es256"),
    EdDSA("eddsa");

    private final String kidPrefix;

    Alg(String kidPrefix) {
        this.kidPrefix = kidPrefix;
    }

    /** The JWS {@code alg} header value. */
    public String jwsName() {
        return name();
    }

    String kidPrefix() {
        return kidPrefix;
    }

    public SignatureAlgorithm jjwt() {
        return switch (this) {
            case RS256 -> Jwts.SIG.RS256;
            case PS256 -> Jwts.SIG.PS256;
            case ES256 -> Jwts.SIG.ES256;
            case EdDSA -> Jwts.SIG.EdDSA;
        };
    }

    /** A fresh key pair: RSA 2048 for RS256 and PS256, EC P-256 for ES256, Ed25519 for EdDSA. */
    public KeyPair generateKeyPair() {
        try {
            switch (this) {
                case RS256, PS256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    return g.generateKeyPair();
                }
                case ES256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    return g.generateKeyPair();
                }
                case EdDSA -> {
                    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                }
                default -> throw new IllegalStateException(name());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key pair for " + this, e);
        }
    }
}
