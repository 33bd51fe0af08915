package org.jwtverifier.policy;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;

/** A claim (a string, or an array of strings such as {@code groups}) must hold at least one accepted value. */
final class ClaimRequirement implements Requirement {
    private static final Denial MISSING = Denial.of(Reason.MISSING_CLAIM);

    private final String claim;
    private final Set<String> accepted;

    ClaimRequirement(String claim, Set<String> accepted) {
        this.claim = claim;
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        Object value = claims.get(claim);
        if (value instanceof Collection<?> values) {
            for (Object v : values) {
                if (v != null && accepted.contains(String.valueOf(v))) {
                    return Optional.empty();
                }
            }
        } else if (value != null && accepted.contains(String.valueOf(value))) {
            return Optional.empty();
        }
        return Optional.of(MISSING);
    }
}
