package org.jwtverifier.policy;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jwtverifier.verdict.Denial;

/**
 * Every required scope must be granted, by the {@code scope} claim (a space-separated string, RFC 8693 §4.2 and
 * RFC 9068 §2.2.3) or the {@code scp} claim (an array of strings, as several IdPs issue it).
 */
final class ScopeRequirement implements Requirement {
    private final Set<String> required;
    private final Denial denial;

    ScopeRequirement(Set<String> required) {
        this.required = Set.copyOf(required);
        this.denial = Denial.insufficientScope(String.join(" ", new TreeSet<>(required)));
    }

    @Override
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        Set<String> granted = new HashSet<>();
        if (claims.get("scope") instanceof String scope) {
            for (String s : scope.split(" ")) {
                if (!s.isEmpty()) {
                    granted.add(s);
                }
            }
        }
        if (claims.get("scp") instanceof Collection<?> scp) {
            scp.forEach(s -> granted.add(String.valueOf(s)));
        } else if (claims.get("scp") instanceof String scp) {
            granted.add(scp);
        }
        return granted.containsAll(required) ? Optional.empty() : Optional.of(denial);
    }
}
