package org.jwtverifier.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;

/** Only some of the configured issuers are accepted on this route. */
final class IssuerRequirement implements Requirement {
    private final Set<String> accepted;

    IssuerRequirement(Set<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        return accepted.contains(issuer) ? Optional.empty()
                : Optional.of(Denial.of(Reason.ISSUER_NOT_ACCEPTED));
    }
}
