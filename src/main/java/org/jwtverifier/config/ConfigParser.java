package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.path;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jwtverifier.json.Jackson;

/**
 * Reads the YAML configuration file into a {@link VerifierConfig}. Every problem is collected and reported
 * together, each naming its key (for example {@code issuers[1].audiences: must not be empty}). Unknown keys are
 * problems too, so a typo cannot silently switch a check off. Relative paths resolve against the file's folder.
 * Any string value may be a reference, {@code ${env:NAME}} or {@code ${file:PATH}}, resolved before the sections
 * are read and never echoed ({@link References}).
 */
public final class ConfigParser {
    private static final Set<String> TOP_KEYS = Set.of(
            "realm", "clockSkew", "maxTokenBytes", "identityHeaders", "issuers", "keyStoreDirectory", "trustedProxies", "routes",
            "defaultPolicy", "tokenCache", "decisionLog", "revocation", "cluster", "crypto");

    private final ObjectMapper yaml = Jackson.yaml();
    private final Clock clock;
    private final UnaryOperator<String> environment;

    /** A parser that resolves {@code ${env:NAME}} references from the process environment. */
    public ConfigParser(Clock clock) {
        this(clock, System::getenv);
    }

    /**
     * @param environment the environment {@code ${env:NAME}} references read: null for an unset variable
     */
    public ConfigParser(Clock clock, UnaryOperator<String> environment) {
        this.clock = clock;
        this.environment = environment;
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
        References references = new References(environment, base);
        references.resolve(root, problems);
        problems.rejectUnknown(root, "", TOP_KEYS);

        String realm = text(root, "realm", problems).orElse(VerifierConfig.DEFAULT_REALM);
        VerifierConfig.checkRealm(realm, problems);
        int maxTokenBytes = integer(root, "maxTokenBytes", problems).orElse(VerifierConfig.DEFAULT_MAX_TOKEN_BYTES);
        VerifierConfig.checkMaxTokenBytes(maxTokenBytes, problems);
        List<IdentityHeader> headers = root.get("identityHeaders") == null ? VerifierConfig.DEFAULT_IDENTITY_HEADERS
                : IdentityHeaderParser.parse(root.get("identityHeaders"), "identityHeaders", problems);
        Optional<Path> keyStoreDirectory = text(root, "keyStoreDirectory", problems)
                .flatMap(d -> path(base, d, "keyStoreDirectory", problems));

        Duration defaultSkew = duration(root, "clockSkew", "", problems).orElse(IssuerConfig.DEFAULT_CLOCK_SKEW);
        Map<String, IssuerConfig> issuers = new LinkedHashMap<>();
        Set<String> named = new LinkedHashSet<>();
        JsonNode list = root.get("issuers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            VerifierConfig.checkIssuers(Map.of(), problems);
        } else {
            for (int i = 0; i < list.size(); i++) {
                String at = "issuers[" + i + "]";
                IssuerConfig issuer = IssuerParser.parse(list.get(i), at, base, defaultSkew,
                        references.byKey(), problems);
                if (issuer != null && issuers.putIfAbsent(issuer.issuer(), issuer) != null) {
                    problems.add(at + ".issuer", "duplicate issuer '" + issuer.issuer() + "'");
                }
                JsonNode name = list.get(i).get("issuer");
                if (name != null && name.isTextual()) {
                    named.add(name.asText());
                }
            }
        }
        // Routes may name an issuer whose own entry has problems: those are reported there, not again here.
        List<AddressRange> trustedProxies = PolicyParser.trustedProxies(root, problems);
        List<RouteConfig> routes = PolicyParser.routes(root, named, problems);
        PolicyConfig defaultPolicy = PolicyParser.defaultPolicy(root, named, problems);
        IntrospectionParser.checkUnambiguous(issuers.values().stream().filter(i -> i.introspection().isPresent())
                .map(IssuerConfig::issuer).collect(java.util.stream.Collectors.toSet()), routes, defaultPolicy,
                problems);
        TokenCacheConfig tokenCache = TokenCacheParser.parse(root.get("tokenCache"), problems);
        DecisionLogConfig decisionLog = DecisionLogParser.parse(root.get("decisionLog"), problems);
        RevocationConfig revocation = RevocationParser.parse(root.get("revocation"), base, issuers.keySet(),
                problems);
        Optional<ClusterConfig> cluster = ClusterParser.parse(root.get("cluster"), problems);
        ProviderChoice cryptoProvider = cryptoProvider(root.get("crypto"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(file.toString(), references.redact(problems.list));
        }
        return new VerifierConfig(file.toAbsolutePath(), clock.instant(), realm, maxTokenBytes, headers, issuers,
                keyStoreDirectory, trustedProxies, routes, defaultPolicy, tokenCache, decisionLog, revocation, cluster,
                references.byKey(), cryptoProvider);
    }

    /** The {@code crypto} section: {@code provider: auto | jdk | accp}. */
    private static ProviderChoice cryptoProvider(JsonNode node, Problems problems) {
        if (!isSection(node, "crypto", Set.of("provider"), problems)) {
            return VerifierConfig.DEFAULT_CRYPTO_PROVIDER;
        }
        return text(node, "provider", "crypto", problems).map(name -> ProviderChoice.named(name).orElseGet(() -> {
            problems.add("crypto.provider", "must be auto, jdk or accp");
            return VerifierConfig.DEFAULT_CRYPTO_PROVIDER;
        })).orElse(VerifierConfig.DEFAULT_CRYPTO_PROVIDER);
    }
}
