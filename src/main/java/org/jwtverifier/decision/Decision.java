package org.jwtverifier.decision;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jwtverifier.verdict.Challenge;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;
import org.jwtverifier.verdict.Unavailability;

/**
 * What to answer the proxy about one request: admit it, refuse it, or say it could not be decided. Each carries
 * what its answer needs, so that the HTTP layer renders it and the counters count it without deciding anything
 * again; all three name the route that applied and, when known, the token's issuer and key id, for logs and
 * metrics.
 */
public sealed interface Decision {

    /** @return the route policy that applied */
    String route();

    /** @return the issuer of the token, when known, else null */
    String issuer();

    /** @return the token's key id, when known (unverified unless admitted), else null */
    String kid();

    /**
     * The one way to take a decision apart by kind: exactly one function runs. A fourth kind takes a fourth
     * function here, so no caller compiles until it says what it does with it.
     */
    default <T> T match(Function<? super Admitted, ? extends T> admitted,
                        Function<? super Rejected, ? extends T> rejected,
                        Function<? super Unavailable, ? extends T> unavailable) {
        if (this instanceof Admitted a) {
            return admitted.apply(a);
        }
        if (this instanceof Rejected r) {
            return rejected.apply(r);
        }
        return unavailable.apply((Unavailable) this);
    }

    static Admitted admit(Map<String, String> headers, String route, String issuer, String kid) {
        return new Admitted(headers, route, issuer, kid);
    }

    /** @return a refusal with the reason's own challenge */
    static Rejected reject(Reason reason, String route, String issuer, String kid) {
        return reject(Denial.of(reason), route, issuer, kid);
    }

    /** @return a refusal with the denial's challenge (for a missing scope, naming the scopes needed) */
    static Rejected reject(Denial denial, String route, String issuer, String kid) {
        return new Rejected(denial.reason(), denial.challenge(), route, issuer, kid);
    }

    static Unavailable unavailable(Unavailability cause, String route, String issuer, String kid) {
        return new Unavailable(cause, route, issuer, kid);
    }

    /**
     * Admitted: the proxy lets the request through and copies these headers to the backend.
     *
     * @param headers identity headers (header name to value) in the order they are sent, rendered by the
     *                route's identity header rules
     */
    record Admitted(Map<String, String> headers, String route, String issuer, String kid) implements Decision {

        public Admitted {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * Refused: a verdict on the request or its token (RFC 6750 §3.1).
     *
     * @param reason    why, with the HTTP status and the body's message
     * @param challenge what the client is told in {@code WWW-Authenticate}, if anything
     */
    record Rejected(Reason reason, Challenge challenge, String route, String issuer, String kid)
            implements Decision {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(challenge, "challenge");
            Objects.requireNonNull(route, "route");
        }
    }

    /**
     * Not decided: the token could not be verified for want of keys, which says nothing about the token. Answered
     * 503 with {@code Retry-After}, never with a challenge.
     *
     * @param cause why, with the body's message and how long to wait before asking again
     */
    record Unavailable(Unavailability cause, String route, String issuer, String kid) implements Decision {

        public Unavailable {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(route, "route");
        }
    }
}
