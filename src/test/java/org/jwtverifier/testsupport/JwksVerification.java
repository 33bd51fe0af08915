package org.jwtverifier.testsupport;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import java.security.Key;

/**
 * A token checked the way any relying party would check it, independent of the verifier: JJWT's own parser, the
 * key of the token's {@code kid} taken from a JWKS, and the time claims against now. For tests of what mints
 * tokens and publishes keys (the demo minter, the test IdP).
 */
public final class JwksVerification {
    private JwksVerification() {
    }

    /** @throws io.jsonwebtoken.JwtException when JJWT refuses the token; IllegalStateException for an unknown kid */
    public static Jws<Claims> verify(String token, JwkSet set) {
        return Jwts.parser().keyLocator(new LocatorAdapter<Key>() {
            @Override
            protected Key locate(ProtectedHeader header) {
                for (Jwk<?> jwk : set) {
                    if (jwk.getId().equals(header.getKeyId())) {
                        return jwk.toKey();
                    }
                }
                throw new IllegalStateException("no key " + header.getKeyId() + " in the JWKS");
            }
        }).build().parseSignedClaims(token);
    }
}
