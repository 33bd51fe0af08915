package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.text;
import static org.jwtverifier.config.Fields.uri;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code introspection} part of one issuer, and checks across the file that every protected route has at
 * most one issuer to ask about an opaque token.
 */
final class IntrospectionParser {
    private static final Set<String> KEYS = Set.of("endpoint", "clientAuthentication", "clientId", "clientSecret",
            "introspectJwts", "maxTtl", "negativeTtl", "maxEntries", "maxConcurrent", "maxWait", "connectTimeout",
            "readTimeout", "maxResponseBytes");

    private IntrospectionParser() {
    }

    /**
     * @param at         the issuer's place ({@code issuers[0]})
     * @param issuer     its {@code iss}, which the discovery document's URL is built from; null when missing
     * @param source     its key source: a {@code discovery} one names the document to read the endpoint from
     * @param allowInsecureHttp the issuer's transport rule, which the endpoint follows as its key URLs do
     * @param references the keys whose values were references: {@code clientSecret} must be one
     * @return the settings; empty when absent or with a problem (recorded)
     */
    static Optional<IntrospectionConfig> parse(JsonNode issuerNode, String at, String issuer, KeySourceSpec source,
                                               boolean allowInsecureHttp, Map<String, String> references,
                                               Problems problems) {
        JsonNode node = issuerNode.get("introspection");
        String here = at + ".introspection";
        int before = problems.count();
        if (!isSection(node, here, KEYS, problems)) {
            return Optional.empty();
        }
        Optional<URI> endpoint = text(node, "endpoint", here, problems)
                .flatMap(u -> uri(u, here + ".endpoint", problems));
        endpoint.ifPresent(u -> {
            if (!FetchSettings.permitsTransport(u, allowInsecureHttp)) {
                problems.add(here + ".endpoint", "must use https (the client secret and the tokens go over it); "
                        + "plain http only to a loopback address, or with the issuer's allowInsecureHttp: true");
            }
        });
        URI discovery = source instanceof KeySourceSpec.Discovery d ? d.configurationUri() : null;
        if (discovery == null && issuer != null) {
            String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            discovery = uri(trimmed + "/.well-known/openid-configuration", here + ".endpoint", problems).orElse(null);
        }
        IntrospectionConfig.ClientAuthentication auth = text(node, "clientAuthentication", here, problems)
                .map(name -> IntrospectionConfig.ClientAuthentication.named(name).orElseGet(() -> {
                    problems.add(here + ".clientAuthentication", "must be client_secret_basic or client_secret_post");
                    return IntrospectionConfig.DEFAULT_CLIENT_AUTHENTICATION;
                })).orElse(IntrospectionConfig.DEFAULT_CLIENT_AUTHENTICATION);
        String clientId = text(node, "clientId", here, problems).orElse(null);
        String secretKey = here + ".clientSecret";
        Optional<String> secret = text(node, "clientSecret", here, problems);
        if (secret.isEmpty()) {
            problems.add(secretKey, "is required");
        }
        Fields.secretIsReference(secretKey, secret, references, problems);
        boolean introspectJwts = bool(node, "introspectJwts", here, problems)
                .orElse(IntrospectionConfig.DEFAULT_INTROSPECT_JWTS);
        Duration maxTtl = duration(node, "maxTtl", here, problems).orElse(IntrospectionConfig.DEFAULT_MAX_TTL);
        Duration negativeTtl = duration(node, "negativeTtl", here, problems)
                .orElse(IntrospectionConfig.DEFAULT_NEGATIVE_TTL);
        long maxEntries = integer(node, "maxEntries", here, problems).orElse(IntrospectionConfig.DEFAULT_MAX_ENTRIES);
        int maxConcurrent = integer(node, "maxConcurrent", here, problems)
                .orElse(IntrospectionConfig.DEFAULT_MAX_CONCURRENT);
        Duration maxWait = duration(node, "maxWait", here, problems).orElse(IntrospectionConfig.DEFAULT_MAX_WAIT);
        HttpLimits limits = HttpLimits.read(node, here, "maxResponseBytes", IntrospectionConfig.DEFAULT_LIMITS,
                problems);
        IntrospectionConfig.check(clientId, maxTtl, negativeTtl, maxEntries, maxConcurrent, maxWait,
                limits.connectTimeout(), limits.readTimeout(), limits.maxResponseBytes(), here, problems);
        if (problems.count() > before || discovery == null) {
            return Optional.empty();
        }
        return Optional.of(new IntrospectionConfig(endpoint, discovery, auth, clientId, references.get(secretKey),
                secret.get(), introspectJwts, maxTtl, negativeTtl, maxEntries, maxConcurrent, maxWait,
                limits.connectTimeout(), limits.readTimeout(), limits.maxResponseBytes()));
    }

    /**
     * An opaque token names no issuer: it goes to the one introspecting issuer its route accepts (RFC 7662 §4 leaves
     * finding the server to the resource server). So with two or more introspecting issuers, every protected route
     * (the default policy included) must narrow its {@code issuers} to at most one of them.
     *
     * @param introspecting the issuers with an {@code introspection} part
     */
    static void checkUnambiguous(Set<String> introspecting, List<RouteConfig> routes, PolicyConfig defaultPolicy,
                                 Problems problems) {
        if (introspecting.size() < 2) {
            return;
        }
        List<String> where = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            where.add("routes[" + i + "]");
        }
        where.add("defaultPolicy");
        for (int i = 0; i < where.size(); i++) {
            PolicyConfig policy = i < routes.size() ? routes.get(i).policy() : defaultPolicy;
            if (policy.access() != PolicyConfig.Access.PROTECTED) {
                continue;
            }
            Set<String> candidates = policy.issuers().isEmpty() ? introspecting
                    : policy.issuers().stream().filter(introspecting::contains).collect(Collectors.toSet());
            if (candidates.size() > 1) {
                problems.add(where.get(i) + ".issuers", "accepts " + candidates.size() + " issuers with introspection ("
                        + String.join(", ", candidates.stream().sorted().toList()) + "): name at most one of them, so"
                        + " that an opaque token has one issuer to be asked about");
            }
        }
    }
}
