package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code aud} claim, a string or an array of strings, must contain at least one accepted audience
 * (RFC 7519 §4.1.3). A token without {@code aud} is rejected.
 */
public final class AudienceValidator implements ClaimValidator {
    private final Set<String> accepted;

    public AudienceValidator(Set<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public Optional<Reason> validate(Claims claims) {
        Set<String> audiences = claims.getAudience();
        if (audiences != null) {
            for (String audience : audiences) {
                if (accepted.contains(audience)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Reason.WRONG_AUDIENCE);
    }
}
