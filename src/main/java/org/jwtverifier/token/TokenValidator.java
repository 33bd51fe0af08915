package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import java.util.Optional;
import org.jwtverifier.verdict.Reason;

/**
 * Checks one thing about a token whose signature JJWT has verified: its header, its claims, or both. Returns a
 * verdict; never throws for a bad token.
 */
@FunctionalInterface
public interface TokenValidator {

    /**
     * @param header the protected header, as JJWT parsed it
     * @param claims the claims set, as JJWT parsed it
     * @return the reason to reject, or empty when the token passes
     */
    Optional<Reason> validate(JwsHeader header, Claims claims);
}
