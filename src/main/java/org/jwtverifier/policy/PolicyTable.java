package org.jwtverifier.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.RouteConfig;
import org.jwtverifier.config.VerifierConfig;

/** The configured routes in order, and the default policy after them: the first route that matches applies. */
public final class PolicyTable {
    private final List<RoutePolicy> routes;
    private final RoutePolicy defaultPolicy;

    public PolicyTable(VerifierConfig config) {
        IdentityHeaders global = new IdentityHeaders(config.identityHeaders());
        Map<String, Set<String>> issuerAudiences = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            issuerAudiences.put(issuer.issuer(), issuer.audiences());
        }
        List<RoutePolicy> list = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            list.add(new RoutePolicy(route, global, issuerAudiences));
        }
        this.routes = List.copyOf(list);
        this.defaultPolicy = new RoutePolicy("default", null, "/", Set.of(), config.defaultPolicy(), global,
                issuerAudiences);
    }

    /** @return the policy for this target; {@link ForwardedTarget#UNKNOWN} always gets the default policy */
    public RoutePolicy select(ForwardedTarget target) {
        if (target != ForwardedTarget.UNKNOWN) {
            for (RoutePolicy route : routes) {
                if (route.matches(target)) {
                    return route;
                }
            }
        }
        return defaultPolicy;
    }
}
