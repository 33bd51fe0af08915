package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import java.util.Optional;

/** Checks one thing about a verified token's claims. Returns a verdict; never throws for a bad token. */
@FunctionalInterface
public interface ClaimValidator {

    /** @return the reason to reject, or empty when the claims pass */
    Optional<Reason> validate(Claims claims);
}
