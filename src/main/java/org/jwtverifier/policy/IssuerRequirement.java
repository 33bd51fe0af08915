package org.jwtverifier.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.token.Reason;

/** Only some of the configured issuers are accepted on this route. */
final class IssuerRequirement implements Requirement {
    private final Set<String> accepted;

    IssuerRequirement(Set<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        return accepted.contains(issuer) ? Optional.empty()
                : Optional.of(new Denial(Reason.ISSUER_NOT_ACCEPTED, null));
    }
}
