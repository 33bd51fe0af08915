package org.jwtverifier.policy;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;

/**
 * The {@code aud} claim, a string or an array of strings, must contain an accepted audience (RFC 7519 §4.1.3):
 * the route's audiences, else those of the token's issuer, plus, where the route says so, the forwarded origin
 * ({@code https://api.example.com}).
 */
final class AudienceRequirement implements Requirement {
    private static final Denial WRONG_AUDIENCE = Denial.of(Reason.WRONG_AUDIENCE);

    private final Set<String> routeAudiences;
    private final Map<String, Set<String>> issuerAudiences;
    private final boolean audienceFromHost;

    AudienceRequirement(Set<String> routeAudiences, Map<String, Set<String>> issuerAudiences,
                        boolean audienceFromHost) {
        this.routeAudiences = Set.copyOf(routeAudiences);
        this.issuerAudiences = Map.copyOf(issuerAudiences);
        this.audienceFromHost = audienceFromHost;
    }

    @Override
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        Set<String> accepted = routeAudiences.isEmpty() ? issuerAudiences.getOrDefault(issuer, Set.of())
                : routeAudiences;
        String origin = audienceFromHost ? target.originAudience() : null;
        Object aud = claims.get("aud");
        if (aud instanceof String single) {
            return accepts(single, accepted, origin) ? Optional.empty() : Optional.of(WRONG_AUDIENCE);
        }
        if (aud instanceof Collection<?> many) {
            for (Object a : many) {
                if (a instanceof String s && accepts(s, accepted, origin)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(WRONG_AUDIENCE);
    }

    private static boolean accepts(String audience, Set<String> accepted, String origin) {
        return accepted.contains(audience) || audience.equals(origin);
    }
}
