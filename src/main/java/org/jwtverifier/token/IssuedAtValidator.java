package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

/** An {@code iat} (RFC 7519 §4.1.6) later than now plus the clock skew means a token from the future: reject it. */
public final class IssuedAtValidator implements ClaimValidator {
    private final Clock clock;
    private final Duration skew;

    public IssuedAtValidator(Clock clock, Duration skew) {
        this.clock = clock;
        this.skew = skew;
    }

    @Override
    public Optional<Reason> validate(Claims claims) {
        Date issuedAt = claims.getIssuedAt();
        if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plus(skew))) {
            return Optional.of(Reason.ISSUED_IN_FUTURE);
        }
        return Optional.empty();
    }
}
