package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.strings;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code routes}, {@code defaultPolicy} and {@code trustedProxies}. */
final class PolicyParser {
    private static final Set<String> POLICY_KEYS = Set.of("access", "issuers", "audiences", "audienceFromHost",
            "scopes", "claims", "identityHeaders", "tokenCookie", "tokenQueryParameter");
    private static final Set<String> ROUTE_KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>(POLICY_KEYS);
        keys.addAll(Set.of("name", "host", "pathPrefix", "methods"));
        ROUTE_KEYS = Set.copyOf(keys);
    }

    private PolicyParser() {
    }

    static List<AddressRange> trustedProxies(JsonNode root, Problems problems) {
        List<AddressRange> ranges = new ArrayList<>();
        if (root.get("trustedProxies") == null) {
            VerifierConfig.DEFAULT_TRUSTED_PROXIES.forEach(cidr -> ranges.add(AddressRange.parse(cidr)));
            return ranges;
        }
        for (String cidr : strings(root, "trustedProxies", "", problems)) {
            try {
                ranges.add(AddressRange.parse(cidr));
            } catch (IllegalArgumentException e) {
                problems.add("trustedProxies", e.getMessage());
            }
        }
        return ranges;
    }

    static List<RouteConfig> routes(JsonNode root, Set<String> issuers, Problems problems) {
        List<RouteConfig> routes = new ArrayList<>();
        JsonNode list = root.get("routes");
        if (list == null || list.isNull()) {
            return routes;
        }
        if (!list.isArray()) {
            problems.add("routes", "must be a list");
            return routes;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "routes[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                problems.add(at, "must be a mapping");
                continue;
            }
            problems.rejectUnknown(node, at + ".", ROUTE_KEYS);
            String name = text(node, "name", at, problems).orElse("route-" + i);
            Optional<String> host = text(node, "host", at, problems).map(h -> h.toLowerCase(Locale.ROOT));
            host.ifPresent(h -> {
                if (!h.matches("(\\*\\.)?[a-z0-9.-]+(:[0-9]+)?")) {
                    problems.add(at + ".host", "must be a host name, optionally *.domain");
                }
            });
            String prefix = text(node, "pathPrefix", at, problems).orElse("/");
            if (!prefix.startsWith("/")) {
                problems.add(at + ".pathPrefix", "must start with /");
            }
            Set<String> methods = new LinkedHashSet<>();
            strings(node, "methods", at, problems).forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            routes.add(new RouteConfig(name, host, prefix, Set.copyOf(methods), policy(node, at, issuers, problems)));
        }
        return routes;
    }

    static PolicyConfig defaultPolicy(JsonNode root, Set<String> issuers, Problems problems) {
        JsonNode node = root.get("defaultPolicy");
        if (!isSection(node, "defaultPolicy", POLICY_KEYS, problems)) {
            return PolicyConfig.defaults();
        }
        return policy(node, "defaultPolicy", issuers, problems);
    }

    private static PolicyConfig policy(JsonNode node, String at, Set<String> issuers, Problems problems) {
        PolicyConfig.Access access = PolicyConfig.Access.PROTECTED;
        Optional<String> accessText = text(node, "access", at, problems);
        if (accessText.isPresent()) {
            try {
                access = PolicyConfig.Access.valueOf(accessText.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".access", "must be protected, public or deny");
            }
        }
        Set<String> accepted = strings(node, "issuers", at, problems);
        for (String issuer : accepted) {
            if (!issuers.contains(issuer)) {
                problems.add(at + ".issuers", "'" + issuer + "' is not a configured issuer");
            }
        }
        Map<String, Set<String>> claims = new LinkedHashMap<>();
        JsonNode claimNode = node.get("claims");
        if (claimNode != null && !claimNode.isNull()) {
            if (!claimNode.isObject()) {
                problems.add(at + ".claims", "must map claim names to a value or a list of values");
            } else {
                for (Iterator<String> it = claimNode.fieldNames(); it.hasNext(); ) {
                    String claim = it.next();
                    Set<String> values = strings(claimNode, claim, at + ".claims", problems);
                    if (values.isEmpty()) {
                        problems.add(at + ".claims." + claim, "needs at least one value");
                    }
                    claims.put(claim, Set.copyOf(values));
                }
            }
        }
        Set<String> scopes = strings(node, "scopes", at, problems);
        for (String scope : scopes) {
            // RFC 6749 §3.3 scope-token: it goes inside a quoted WWW-Authenticate attribute.
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                problems.add(at + ".scopes", "'" + scope + "' is not a valid scope token");
            }
        }
        Optional<List<IdentityHeader>> headers = node.has("identityHeaders")
                ? Optional.of(IdentityHeaderParser.parse(node.get("identityHeaders"), at + ".identityHeaders", problems))
                : Optional.empty();
        return new PolicyConfig(access, Set.copyOf(accepted), Set.copyOf(strings(node, "audiences", at, problems)),
                bool(node, "audienceFromHost", at, problems).orElse(false),
                Set.copyOf(scopes), Map.copyOf(claims), headers,
                text(node, "tokenCookie", at, problems), text(node, "tokenQueryParameter", at, problems));
    }
}
