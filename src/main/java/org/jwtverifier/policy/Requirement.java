package org.jwtverifier.policy;

import java.util.Map;
import java.util.Optional;
import org.jwtverifier.verdict.Denial;

/** One thing a route requires of a verified token. Returns a verdict; never throws for a bad token. */
@FunctionalInterface
public interface Requirement {

    /**
     * @param issuer the issuer the token was verified against
     * @param claims its verified claims
     * @param target the request it is presented for
     * @return why it falls short, or empty
     */
    Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target);
}
