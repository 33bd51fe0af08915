package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.path;
import static org.jwtverifier.config.Fields.strings;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one entry of {@code issuers}. Each value missing from the file takes the record's {@code DEFAULT_...}
 * constant, and each check is the record's own, so what this reports is what the record would refuse.
 */
final class IssuerParser {
    private static final Set<String> KEYS = Set.of(
            "issuer", "jwksUri", "jwksFile", "discovery", "sharedSecretFile", "sharedSecret", "audiences", "algorithms",
            "clockSkew", "requireExpiry", "connectTimeout", "readTimeout", "maxJwksBytes", "allowInsecureHttp",
            "trustStore", "trustStorePassword", "keyCacheTtl", "refreshAhead", "minRefreshInterval",
            "unknownKidWait", "maxStale", "tokenType", "redirectHosts", "introspection");
    private static final String ANY_TOKEN_TYPE = "any";
    /** RFC 9068 §2.1. */
    private static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private IssuerParser() {
    }

    /**
     * @param at          where the entry is, for problems ({@code issuers[1]})
     * @param base        the folder relative paths resolve against
     * @param defaultSkew the top-level {@code clockSkew}
     * @param references  the keys whose values were references ({@link References#byKey()})
     * @return the issuer, or null when the entry has a problem (each one recorded)
     */
    static IssuerConfig parse(JsonNode node, String at, Path base, Duration defaultSkew,
                              Map<String, String> references, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(at, "must be a mapping");
            return null;
        }
        int before = problems.count();
        problems.rejectUnknown(node, at + ".", KEYS);
        String issuer = text(node, "issuer", at, problems).orElse(null);
        IssuerConfig.checkIssuer(issuer, at, problems);
        KeySourceSpec source = KeySourceParser.parse(node, at, base, issuer, references, problems);
        Set<String> audiences = strings(node, "audiences", at, problems);
        IssuerConfig.checkAudiences(audiences, at, problems);
        boolean shared = source != null && source.isSharedSecret();
        Set<String> algorithms = strings(node, "algorithms", at, problems);
        if (algorithms.isEmpty()) {
            algorithms = shared ? IssuerConfig.DEFAULT_SHARED_SECRET_ALGORITHMS : IssuerConfig.DEFAULT_ALGORITHMS;
        }
        IssuerConfig.checkAlgorithms(algorithms, shared, at, problems);
        Duration skew = duration(node, "clockSkew", at, problems).orElse(defaultSkew);
        boolean requireExpiry = bool(node, "requireExpiry", at, problems).orElse(IssuerConfig.DEFAULT_REQUIRE_EXPIRY);
        boolean requireAccessTokenType = tokenType(node, at, problems);
        FetchSettings fetch = fetch(node, at, base, source, problems);
        KeyCacheSettings cache = keyCache(node, at, problems);
        Optional<IntrospectionConfig> introspection = IntrospectionParser.parse(node, at, issuer, source,
                fetch != null && fetch.allowInsecureHttp(), references, problems);
        if (problems.count() > before) {
            return null;
        }
        return new IssuerConfig(issuer, source, audiences, algorithms, skew, requireExpiry, requireAccessTokenType,
                fetch, cache, introspection);
    }

    private static boolean tokenType(JsonNode node, String at, Problems problems) {
        String tokenType = text(node, "tokenType", at, problems)
                .orElse(IssuerConfig.DEFAULT_REQUIRE_ACCESS_TOKEN_TYPE ? ACCESS_TOKEN_TYPE : ANY_TOKEN_TYPE);
        if (!tokenType.equals(ANY_TOKEN_TYPE) && !tokenType.equals(ACCESS_TOKEN_TYPE)) {
            problems.add(at + ".tokenType", "must be 'any' or 'at+jwt' (RFC 9068 access tokens)");
        }
        return tokenType.equals(ACCESS_TOKEN_TYPE);
    }

    /**
     * Reads the fetch settings, each missing one at its default, and checks them and the key source's transport.
     *
     * @return the settings, or null when they have a problem (recorded)
     */
    private static FetchSettings fetch(JsonNode node, String at, Path base, KeySourceSpec source, Problems problems) {
        int before = problems.count();
        HttpLimits limits = HttpLimits.read(node, at, "maxJwksBytes", FetchSettings.DEFAULT_LIMITS, problems);
        boolean allowInsecureHttp = bool(node, "allowInsecureHttp", at, problems)
                .orElse(FetchSettings.DEFAULT_ALLOW_INSECURE_HTTP);
        Optional<Path> trustStore = text(node, "trustStore", at, problems)
                .flatMap(f -> path(base, f, at + ".trustStore", problems));
        Optional<String> trustStorePassword = text(node, "trustStorePassword", at, problems);
        Set<String> redirectHosts = new LinkedHashSet<>();
        for (String host : strings(node, "redirectHosts", at, problems)) {
            if (FetchSettings.checkRedirectHost(host, at, problems)) {
                redirectHosts.add(host.toLowerCase(Locale.ROOT));
            }
        }
        FetchSettings.check(limits.connectTimeout(), limits.readTimeout(), limits.maxResponseBytes(), at, problems);
        IssuerConfig.checkTransport(source, allowInsecureHttp, at, problems);
        return problems.count() > before ? null : new FetchSettings(limits.connectTimeout(), limits.readTimeout(),
                limits.maxResponseBytes(), allowInsecureHttp, trustStore, trustStorePassword, redirectHosts);
    }

    /** @return the key cache settings, each missing one at its default, or null when they have a problem */
    private static KeyCacheSettings keyCache(JsonNode node, String at, Problems problems) {
        int before = problems.count();
        Duration ttl = duration(node, "keyCacheTtl", at, problems).orElse(KeyCacheSettings.DEFAULT_TTL);
        Duration refreshAhead = duration(node, "refreshAhead", at, problems)
                .orElse(KeyCacheSettings.DEFAULT_REFRESH_AHEAD);
        Duration minRefreshInterval = duration(node, "minRefreshInterval", at, problems)
                .orElse(KeyCacheSettings.DEFAULT_MIN_REFRESH_INTERVAL);
        Duration unknownKidWait = duration(node, "unknownKidWait", at, problems)
                .orElse(KeyCacheSettings.DEFAULT_UNKNOWN_KID_WAIT);
        Duration maxStale = duration(node, "maxStale", at, problems).orElse(KeyCacheSettings.DEFAULT_MAX_STALE);
        KeyCacheSettings.check(ttl, refreshAhead, minRefreshInterval, unknownKidWait, maxStale, at, problems);
        return problems.count() > before ? null
                : new KeyCacheSettings(ttl, refreshAhead, minRefreshInterval, unknownKidWait, maxStale);
    }
}
