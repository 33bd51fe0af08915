package org.jwtverifier.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.config.PolicyConfig;
import org.jwtverifier.config.RouteConfig;
import org.jwtverifier.verdict.Denial;

/**
 * One route rule, compiled: what it matches and what it requires. Immutable; built once per configuration.
 */
public final class RoutePolicy {
    private final String name;
    private final String host;
    private final boolean wildcardHost;
    private final String pathPrefix;
    private final Set<String> methods;
    private final PolicyConfig config;
    private final IdentityHeaders identityHeaders;
    private final List<Requirement> requirements;

    RoutePolicy(RouteConfig route, IdentityHeaders globalHeaders, Map<String, Set<String>> issuerAudiences) {
        this(route.name(), route.host().orElse(null), route.pathPrefix(), route.methods(), route.policy(),
                globalHeaders, issuerAudiences);
    }

    RoutePolicy(String name, String host, String pathPrefix, Set<String> methods, PolicyConfig config,
                IdentityHeaders globalHeaders, Map<String, Set<String>> issuerAudiences) {
        this.name = name;
        this.wildcardHost = host != null && host.startsWith("*.");
        this.host = wildcardHost ? host.substring(1) : host;
        this.pathPrefix = pathPrefix;
        this.methods = Set.copyOf(methods);
        this.config = config;
        this.identityHeaders = config.identityHeaders().map(IdentityHeaders::new).orElse(globalHeaders);
        List<Requirement> list = new ArrayList<>();
        if (!config.issuers().isEmpty()) {
            list.add(new IssuerRequirement(config.issuers()));
        }
        list.add(new AudienceRequirement(config.audiences(), issuerAudiences, config.audienceFromHost()));
        if (!config.scopes().isEmpty()) {
            list.add(new ScopeRequirement(config.scopes()));
        }
        config.requiredClaims().forEach((claim, values) -> list.add(new ClaimRequirement(claim, values)));
        this.requirements = List.copyOf(list);
    }

    public String name() {
        return name;
    }

    /** @return the issuers accepted here; empty: every configured issuer */
    public Set<String> issuers() {
        return config.issuers();
    }

    public PolicyConfig.Access access() {
        return config.access();
    }

    public IdentityHeaders identityHeaders() {
        return identityHeaders;
    }

    public Optional<String> tokenCookie() {
        return config.tokenCookie();
    }

    public Optional<String> tokenQueryParameter() {
        return config.tokenQueryParameter();
    }

    boolean matches(ForwardedTarget target) {
        if (host != null) {
            String h = target.hostName();
            if (h == null || (wildcardHost ? !(h.endsWith(host) && h.indexOf('.') == h.length() - host.length())
                    : !h.equals(host) && !host.equals(target.host()))) {
                return false;
            }
        }
        if (!methods.isEmpty() && (target.method() == null || !methods.contains(target.method()))) {
            return false;
        }
        return matchesPath(target.path());
    }

    private boolean matchesPath(String path) {
        if (pathPrefix.endsWith("/")) {
            return path.startsWith(pathPrefix) || path.equals(pathPrefix.substring(0, pathPrefix.length() - 1));
        }
        return path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
    }

    /**
     * @return the first requirement the token falls short of, or empty when it satisfies this route
     */
    public Optional<Denial> check(String issuer, Map<String, ?> claims, ForwardedTarget target) {
        for (Requirement requirement : requirements) {
            Optional<Denial> denial = requirement.check(issuer, claims, target);
            if (denial.isPresent()) {
                return denial;
            }
        }
        return Optional.empty();
    }
}
