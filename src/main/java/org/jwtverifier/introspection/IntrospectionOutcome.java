package org.jwtverifier.introspection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwtverifier.verdict.Reason;

/** What introspecting one token came to, after the verifier's own checks of the answer (RFC 7662 §4). */
public sealed interface IntrospectionOutcome {

    /** @return the configured issuer that was asked */
    String issuer();

    /**
     * Active, and within its times, from this issuer, not revoked.
     *
     * @param claims the answer's members, with {@code iss} set to the issuer where the answer named none: what
     *               route policies and identity headers read
     */
    record Active(String issuer, Map<String, Object> claims) implements IntrospectionOutcome {
        public Active {
            Objects.requireNonNull(issuer, "issuer");
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        }
    }

    /** Refused: inactive, expired, not this issuer's, or revoked. */
    record Rejected(Reason reason, String issuer) implements IntrospectionOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No usable answer, and none remembered: 503, never an admission. */
    record Unavailable(String issuer) implements IntrospectionOutcome {
    }
}
