package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.strings;
import static org.jwtverifier.config.Fields.text;
import static org.jwtverifier.config.Fields.uri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.json.Jackson;

/**
 * Reads the YAML configuration file into a {@link VerifierConfig}. Every problem is collected and reported
 * together, each naming its key (for example {@code issuers[1].audiences: must not be empty}). Unknown keys are
 * problems too, so a typo cannot silently switch a check off. Relative paths resolve against the file's folder.
 */
public final class ConfigParser {
    /** Asymmetric JWS algorithms (RFC 7518 §3.1, RFC 8037 §3.1) of the {@link JwsAlgorithm} table: the default allow-list. */
    public static final Set<String> ASYMMETRIC_ALGORITHMS = JwsAlgorithm.ASYMMETRIC;
    /** HMAC JWS algorithms (RFC 7518 §3.2) of the {@link JwsAlgorithm} table: only for an issuer with a local shared secret. */
    public static final Set<String> HMAC_ALGORITHMS = JwsAlgorithm.HMAC;

    private static final Set<String> TOP_KEYS = Set.of(
            "realm", "clockSkew", "maxTokenBytes", "identityHeaders", "issuers", "keyStoreDirectory", "trustedProxies", "routes",
            "defaultPolicy", "tokenCache");
    private static final Set<String> ISSUER_KEYS = Set.of(
            "issuer", "jwksUri", "jwksFile", "discovery", "sharedSecretFile", "audiences", "algorithms",
            "clockSkew", "requireExpiry", "connectTimeout", "readTimeout", "maxJwksBytes", "allowInsecureHttp",
            "trustStore", "trustStorePassword", "keyCacheTtl", "refreshAhead", "minRefreshInterval",
            "unknownKidWait", "maxStale", "tokenType", "redirectHosts");

    private final ObjectMapper yaml = Jackson.yaml();
    private final Clock clock;

    public ConfigParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param file the configuration file
     * @return the parsed configuration
     * @throws ConfigException listing every problem found
     */
    public VerifierConfig parse(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e));
        }
        return parse(text, file);
    }

    /**
     * @param text YAML text
     * @param file the file it came from; relative paths resolve against its folder
     */
    public VerifierConfig parse(String text, Path file) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.toString(), List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw new ConfigException(file.toString(), List.of("the file must hold a YAML mapping"));
        }
        Path base = file.toAbsolutePath().getParent();
        problems.rejectUnknown(root, "", TOP_KEYS);

        String realm = text(root, "realm", problems).orElse("jwt-verifier");
        if (realm.contains("\"") || realm.contains("\\") || !isPrintableAscii(realm)) {
            problems.add("realm", "must be printable ASCII without quotes or backslashes");
        }
        int maxTokenBytes = integer(root, "maxTokenBytes", problems).orElse(8192);
        if (maxTokenBytes < 256 || maxTokenBytes > 1 << 20) {
            problems.add("maxTokenBytes", "must be between 256 and 1048576");
        }
        List<IdentityHeader> headers = root.get("identityHeaders") == null ? IdentityHeaderParser.defaults()
                : IdentityHeaderParser.parse(root.get("identityHeaders"), "identityHeaders", problems);
        Optional<Path> keyStoreDirectory = text(root, "keyStoreDirectory", problems)
                .flatMap(d -> path(base, d, "keyStoreDirectory", problems));

        Duration defaultSkew = duration(root, "clockSkew", "", problems).orElse(Duration.ofSeconds(60));
        Map<String, IssuerConfig> issuers = new LinkedHashMap<>();
        JsonNode list = root.get("issuers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add("issuers", "at least one issuer is required");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String at = "issuers[" + i + "]";
                IssuerConfig issuer = issuer(list.get(i), at, base, defaultSkew, problems);
                if (issuer != null && issuers.putIfAbsent(issuer.issuer(), issuer) != null) {
                    problems.add(at + ".issuer", "duplicate issuer '" + issuer.issuer() + "'");
                }
            }
        }
        List<AddressRange> trustedProxies = PolicyParser.trustedProxies(root, problems);
        List<RouteConfig> routes = PolicyParser.routes(root, issuers.keySet(), problems);
        PolicyConfig defaultPolicy = PolicyParser.defaultPolicy(root, issuers.keySet(), problems);
        TokenCacheConfig tokenCache = tokenCache(root.get("tokenCache"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(file.toString(), problems.list);
        }
        return new VerifierConfig(file.toAbsolutePath(), clock.instant(), realm, maxTokenBytes, headers,
                java.util.Collections.unmodifiableMap(issuers), keyStoreDirectory, trustedProxies, routes,
                defaultPolicy, tokenCache);
    }

    private static TokenCacheConfig tokenCache(JsonNode node, Problems problems) {
        TokenCacheConfig defaults = new TokenCacheConfig(true, 10_000, Duration.ofMinutes(5));
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add("tokenCache", "must be a mapping");
            return defaults;
        }
        problems.rejectUnknown(node, "tokenCache.", Set.of("enabled", "maxEntries", "maxTtl"));
        TokenCacheConfig config = new TokenCacheConfig(bool(node, "enabled", "tokenCache", problems).orElse(true),
                integer(node, "maxEntries", "tokenCache", problems).orElse(10_000),
                duration(node, "maxTtl", "tokenCache", problems).orElse(Duration.ofMinutes(5)));
        if (config.maxEntries() < 1 || config.maxTtl().isZero()) {
            problems.add("tokenCache", "maxEntries and maxTtl must be positive (use enabled: false to switch it off)");
        }
        return config;
    }

    private IssuerConfig issuer(JsonNode node, String at, Path base, Duration defaultSkew, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(at, "must be a mapping");
            return null;
        }
        int before = problems.count();
        problems.rejectUnknown(node, at + ".", ISSUER_KEYS);
        String issuer = text(node, "issuer", at, problems).orElse(null);
        if (issuer == null || issuer.isBlank()) {
            problems.add(at + ".issuer", "is required");
        }
        KeySourceSpec source = keySource(node, at, base, issuer, problems);
        Set<String> audiences = strings(node, "audiences", at, problems);
        if (audiences.isEmpty()) {
            problems.add(at + ".audiences", "at least one audience is required");
        }
        boolean shared = source instanceof KeySourceSpec.SharedSecret;
        Set<String> algorithms = strings(node, "algorithms", at, problems);
        if (algorithms.isEmpty()) {
            algorithms = shared ? Set.of("HS256") : ASYMMETRIC_ALGORITHMS;
        }
        for (String alg : algorithms) {
            if (HMAC_ALGORITHMS.contains(alg)) {
                if (!shared) {
                    problems.add(at + ".algorithms", alg + " needs sharedSecretFile and is never allowed with "
                            + "published keys (it would let anyone holding the public key sign tokens)");
                }
            } else if (!ASYMMETRIC_ALGORITHMS.contains(alg)) {
                problems.add(at + ".algorithms", "unsupported algorithm '" + alg + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(ASYMMETRIC_ALGORITHMS)) + ", HS256/384/512");
            } else if (shared) {
                problems.add(at + ".algorithms", alg + " cannot be used with a shared secret");
            }
        }
        Duration skew = duration(node, "clockSkew", at, problems).orElse(defaultSkew);
        boolean requireExpiry = bool(node, "requireExpiry", at, problems).orElse(true);
        String tokenType = text(node, "tokenType", at, problems).orElse("any");
        if (!tokenType.equals("any") && !tokenType.equals("at+jwt")) {
            problems.add(at + ".tokenType", "must be 'any' or 'at+jwt' (RFC 9068 access tokens)");
        }

        FetchSettings fetch = new FetchSettings(
                duration(node, "connectTimeout", at, problems).orElse(Duration.ofSeconds(2)),
                duration(node, "readTimeout", at, problems).orElse(Duration.ofSeconds(3)),
                integer(node, "maxJwksBytes", at, problems).orElse(512 * 1024),
                bool(node, "allowInsecureHttp", at, problems).orElse(false),
                text(node, "trustStore", at, problems).flatMap(f -> path(base, f, at + ".trustStore", problems)),
                text(node, "trustStorePassword", at, problems),
                redirectHosts(node, at, problems));
        if (fetch.connectTimeout().isZero() || fetch.readTimeout().isZero()) {
            problems.add(at + ".connectTimeout/readTimeout", "must be positive");
        }
        if (fetch.readTimeout().compareTo(Duration.ofSeconds(25)) > 0) {
            problems.add(at + ".readTimeout", "must stay under 25s (Traefik gives up on the verifier after 30s)");
        }
        if (fetch.maxResponseBytes() < 1024) {
            problems.add(at + ".maxJwksBytes", "must be at least 1024");
        }
        if (source instanceof KeySourceSpec.JwksUri u) {
            checkTransport(u.uri(), fetch, at + ".jwksUri", problems);
        } else if (source instanceof KeySourceSpec.Discovery d) {
            checkTransport(d.configurationUri(), fetch, at + ".discovery", problems);
        }

        KeyCacheSettings cache = new KeyCacheSettings(
                duration(node, "keyCacheTtl", at, problems).orElse(Duration.ofMinutes(5)),
                duration(node, "refreshAhead", at, problems).orElse(Duration.ofSeconds(30)),
                duration(node, "minRefreshInterval", at, problems).orElse(Duration.ofSeconds(30)),
                duration(node, "unknownKidWait", at, problems).orElse(Duration.ofSeconds(1)),
                duration(node, "maxStale", at, problems).orElse(Duration.ofHours(6)));
        if (cache.ttl().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(at + ".keyCacheTtl", "must be at least 1s");
        }
        if (cache.refreshAhead().compareTo(cache.ttl()) >= 0) {
            problems.add(at + ".refreshAhead", "must be shorter than keyCacheTtl");
        }
        if (cache.maxStale().compareTo(cache.ttl()) < 0) {
            problems.add(at + ".maxStale", "must not be shorter than keyCacheTtl");
        }
        if (cache.unknownKidWait().compareTo(Duration.ofSeconds(10)) > 0) {
            problems.add(at + ".unknownKidWait", "must not exceed 10s: requests wait this long");
        }
        if (problems.count() > before) {
            return null;
        }
        return new IssuerConfig(issuer, source, audiences, Set.copyOf(algorithms), skew, requireExpiry,
                tokenType.equals("at+jwt"), fetch, cache);
    }

    private KeySourceSpec keySource(JsonNode node, String at, Path base, String issuer, Problems problems) {
        List<KeySourceSpec> found = new ArrayList<>();
        text(node, "jwksUri", at, problems).flatMap(u -> uri(u, at + ".jwksUri", problems))
                .ifPresent(u -> found.add(new KeySourceSpec.JwksUri(u)));
        text(node, "jwksFile", at, problems).flatMap(f -> path(base, f, at + ".jwksFile", problems))
                .ifPresent(f -> found.add(new KeySourceSpec.JwksFile(f)));
        text(node, "sharedSecretFile", at, problems).flatMap(f -> path(base, f, at + ".sharedSecretFile", problems))
                .ifPresent(f -> found.add(new KeySourceSpec.SharedSecret(f)));
        if (bool(node, "discovery", at, problems).orElse(false) && issuer != null) {
            String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            uri(trimmed + "/.well-known/openid-configuration", at + ".discovery", problems)
                    .ifPresent(u -> found.add(new KeySourceSpec.Discovery(u)));
        }
        if (found.size() != 1) {
            problems.add(at, "exactly one of jwksUri, jwksFile, discovery: true or sharedSecretFile is required");
            return null;
        }
        return found.get(0);
    }

    /** Plain host names: a redirect is matched by host alone, so a scheme, port, path or wildcard would mislead. */
    private static Set<String> redirectHosts(JsonNode node, String at, Problems problems) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String host : strings(node, "redirectHosts", at, problems)) {
            String lower = host.toLowerCase(java.util.Locale.ROOT);
            if (!lower.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?") || lower.contains("..")) {
                problems.add(at + ".redirectHosts", "'" + host + "' is not a host name (no scheme, port, path or"
                        + " wildcard: a redirect to any port of that host is followed)");
            } else {
                hosts.add(lower);
            }
        }
        return hosts;
    }

    private static void checkTransport(URI uri, FetchSettings fetch, String at, Problems problems) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(at, "must be an http(s) URL");
        } else if (!fetch.permitsTransport(uri)) {
            problems.add(at, "must use https (keys fetched over plain http can be swapped in transit); "
                    + "set allowInsecureHttp: true to accept the risk");
        }
    }

    /** A path relative to the file's folder; one the file system cannot name (a NUL character) is a problem. */
    private static Optional<Path> path(Path base, String text, String at, Problems problems) {
        try {
            return Optional.of(base.resolve(text));
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(at, "not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    private static boolean isPrintableAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
