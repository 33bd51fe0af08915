package org.jwtverifier.verdict;

import java.util.Objects;

/**
 * A refusal: why, and the challenge the client gets, which for a missing scope names the scopes the route
 * requires (RFC 6750 §3 {@code scope} attribute).
 *
 * @param reason    the reason code
 * @param challenge what the client is told
 */
public record Denial(Reason reason, Challenge challenge) {

    public Denial {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(challenge, "challenge");
    }

    /** @return a refusal with the reason's own challenge */
    public static Denial of(Reason reason) {
        return new Denial(reason, reason.challenge());
    }

    /** @param scope the space-separated scopes the route requires */
    public static Denial insufficientScope(String scope) {
        Challenge.Error error = (Challenge.Error) Reason.INSUFFICIENT_SCOPE.challenge();
        return new Denial(Reason.INSUFFICIENT_SCOPE, error.withScope(scope));
    }
}
