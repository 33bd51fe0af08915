package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import java.security.Key;
import java.util.Date;
import org.jwtverifier.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * JJWT 0.13 lets an unchecked exception thrown by the key locator out of {@code parseSignedClaims}, as itself or
 * as a cause. {@code token.IssuerKeyLocator} relies on it to carry out a rejection (unknown {@code kid}, key
 * mismatch) and, apart from those, the key store's "no keys held" (a 503, not a verdict on the token), which
 * {@code token.JwtExceptions} finds again by walking the causes. If an upgrade swallowed or replaced it, keys
 * unavailable would be reported as a bad token.
 */
class JjwtKeyLocatorExceptionContractTest {

    private static final class Marker extends RuntimeException {
        Marker() {
            super("from the key locator", null, false, false);
        }
    }

    @Test
    void parseWhenTheKeyLocatorThrowsThenItsExceptionComesOutAsItselfOrACause() {
        Marker thrown = new Marker();
        String token = TestKeys.RSA.sign().issuer("https://a.example")
                .expiration(new Date(System.currentTimeMillis() + 60_000)).compact();
        RuntimeException out = assertThrows(RuntimeException.class, () -> Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        throw thrown;
                    }
                })
                .build().parseSignedClaims(token));
        boolean found = false;
        for (Throwable t = out; t != null && !found; t = t.getCause()) {
            found = t == thrown;
        }
        assertTrue(found, () -> "the locator's exception is lost: " + out);
    }
}
