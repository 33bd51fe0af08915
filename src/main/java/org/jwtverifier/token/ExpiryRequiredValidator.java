package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import java.util.Optional;
import org.jwtverifier.verdict.Reason;

/** A token must say when it expires (RFC 8725 §3.10 advises short-lived tokens; an absent {@code exp} is forever). */
public final class ExpiryRequiredValidator implements TokenValidator {
    @Override
    public Optional<Reason> validate(JwsHeader header, Claims claims) {
        return claims.getExpiration() == null ? Optional.of(Reason.MISSING_EXPIRY) : Optional.empty();
    }
}
