package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import java.util.Optional;

/** A token must say when it expires (RFC 8725 §3.10 advises short-lived tokens; an absent {@code exp} is forever). */
public final class ExpiryRequiredValidator implements ClaimValidator {
    @Override
    public Optional<Reason> validate(Claims claims) {
        return claims.getExpiration() == null ? Optional.of(Reason.MISSING_EXPIRY) : Optional.empty();
    }
}
