package org.jwtverifier.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ClusterConfig;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.DecisionLogConfig;
import org.jwtverifier.config.Durations;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.config.IntrospectionConfig;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.JwsAlgorithm;
import org.jwtverifier.config.KeyCacheSettings;
import org.jwtverifier.config.PolicyConfig;
import org.jwtverifier.config.RevocationConfig;
import org.jwtverifier.config.TokenCacheConfig;
import org.jwtverifier.config.VerifierConfig;

/**
 * The default column of docs/configuration.md's key tables states the records' {@code DEFAULT_...} constants, and
 * its YAML examples parse: a default changed in code fails here, by key, until the page says the same.
 */
class ConfigurationDefaultsDocTest {
    private static final Path PAGE = Path.of("docs/configuration.md");
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|([^|]*)\\|(.*)\\|$");

    @Test
    void topLevelTableStatesTheDefaultsOfVerifierConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("realm", code(VerifierConfig.DEFAULT_REALM));
        expected.put("clockSkew", IssuerConfig.DEFAULT_CLOCK_SKEW);
        expected.put("maxTokenBytes", code(VerifierConfig.DEFAULT_MAX_TOKEN_BYTES));
        expected.put("identityHeaders", VerifierConfig.DEFAULT_IDENTITY_HEADERS.stream()
                .map(h -> code(h.claim() + ": " + h.header())).collect(Collectors.joining(", ")));
        expected.put("issuers", "required");
        expected.put("trustedProxies", code("[" + String.join(", ", VerifierConfig.DEFAULT_TRUSTED_PROXIES) + "]"));
        expected.put("routes", "none");
        PolicyConfig policy = PolicyConfig.defaults();
        expected.put("defaultPolicy", policy.access().name().toLowerCase(Locale.ROOT)
                + (policy.issuers().isEmpty() ? ", every issuer" : ""));
        expected.put("tokenCache", (TokenCacheConfig.DEFAULT_ENABLED ? "enabled" : "disabled") + ", "
                + TokenCacheConfig.DEFAULT_MAX_ENTRIES + " entries, " + duration(TokenCacheConfig.DEFAULT_MAX_TTL));
        expected.put("revocation", new InText(RevocationConfig.DEFAULT_MAX_ENTRIES + " entries, tokens live at most {}",
                RevocationConfig.DEFAULT_MAX_TOKEN_LIFETIME));
        expected.put("cluster", "none");
        expected.put("keyStoreDirectory", code("${catalina.base}/work/jwt-verifier-keys/<context>"));
        expected.put("decisionLog", code(DecisionLogConfig.DEFAULT_FORMAT.key()) + ", "
                + (DecisionLogConfig.DEFAULT_ADMITTED ? "every decision" : "refusals only"));
        expected.put("crypto", code("provider: " + VerifierConfig.DEFAULT_CRYPTO_PROVIDER.configName()));

        Map<String, String[]> rows = table("## Top level");
        assertDefaults(expected, rows);
        assertMeaningStates(rows, "maxTokenBytes",
                VerifierConfig.MIN_MAX_TOKEN_BYTES + " … " + VerifierConfig.MAX_MAX_TOKEN_BYTES);
    }

    @Test
    void issuersTableStatesTheDefaultsOfIssuerConfigFetchSettingsAndKeyCacheSettings() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("issuer", "required");
        expected.put("jwksUri", "");
        expected.put("jwksFile", "");
        expected.put("discovery", code(false));
        expected.put("sharedSecretFile", "");
        expected.put("sharedSecret", "");
        expected.put("audiences", "required");
        expected.put("algorithms", compact(IssuerConfig.DEFAULT_ALGORITHMS) + "; "
                + IssuerConfig.DEFAULT_SHARED_SECRET_ALGORITHMS.stream().sorted().map(ConfigurationDefaultsDocTest::code)
                .collect(Collectors.joining(", ")) + " with `sharedSecretFile` or `sharedSecret`");
        expected.put("clockSkew", new InText("top-level `clockSkew` ({})", IssuerConfig.DEFAULT_CLOCK_SKEW));
        expected.put("requireExpiry", code(IssuerConfig.DEFAULT_REQUIRE_EXPIRY));
        expected.put("tokenType", code(IssuerConfig.DEFAULT_REQUIRE_ACCESS_TOKEN_TYPE ? "at+jwt" : "any"));
        expected.put("keyCacheTtl", KeyCacheSettings.DEFAULT_TTL);
        expected.put("refreshAhead", KeyCacheSettings.DEFAULT_REFRESH_AHEAD);
        expected.put("minRefreshInterval", KeyCacheSettings.DEFAULT_MIN_REFRESH_INTERVAL);
        expected.put("unknownKidWait", KeyCacheSettings.DEFAULT_UNKNOWN_KID_WAIT);
        expected.put("maxStale", KeyCacheSettings.DEFAULT_MAX_STALE);
        expected.put("connectTimeout", FetchSettings.DEFAULT_CONNECT_TIMEOUT);
        expected.put("readTimeout", FetchSettings.DEFAULT_READ_TIMEOUT);
        expected.put("maxJwksBytes", code(FetchSettings.DEFAULT_MAX_RESPONSE_BYTES));
        expected.put("allowInsecureHttp", code(FetchSettings.DEFAULT_ALLOW_INSECURE_HTTP));
        expected.put("trustStore", "JVM default");
        expected.put("trustStorePassword", "none");
        expected.put("redirectHosts", "none");
        expected.put("introspection", "none");

        Map<String, String[]> rows = table("## Issuers");
        assertDefaults(expected, rows);
        assertMeaningStates(rows, "keyCacheTtl", "at least " + duration(KeyCacheSettings.MIN_TTL));
        assertMeaningStates(rows, "unknownKidWait", "at most " + duration(KeyCacheSettings.MAX_UNKNOWN_KID_WAIT));
        assertMeaningStates(rows, "readTimeout", "at most " + duration(FetchSettings.MAX_READ_TIMEOUT));
        assertMeaningStates(rows, "maxJwksBytes", "at least " + FetchSettings.MIN_MAX_RESPONSE_BYTES);
    }

    @Test
    void tokenCacheTableStatesTheDefaultsOfTokenCacheConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("enabled", code(TokenCacheConfig.DEFAULT_ENABLED));
        expected.put("maxEntries", code(TokenCacheConfig.DEFAULT_MAX_ENTRIES));
        expected.put("maxTtl", TokenCacheConfig.DEFAULT_MAX_TTL);
        assertDefaults(expected, table("## Token cache"));
    }

    @Test
    void revocationTableStatesTheDefaultsOfRevocationConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("maxEntries", code(RevocationConfig.DEFAULT_MAX_ENTRIES));
        expected.put("maxTokenLifetime", RevocationConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        expected.put("logoutTokenMaxAge", RevocationConfig.DEFAULT_LOGOUT_TOKEN_MAX_AGE);
        expected.put("directory", code("${catalina.base}/work/jwt-verifier-revocations/<context>"));
        expected.put("backchannelLogout", "none");
        Map<String, String[]> rows = table("## Revocation");
        assertDefaults(expected, rows);
        assertMeaningStates(rows, "maxEntries", "1 … " + RevocationConfig.MAX_MAX_ENTRIES);
        assertMeaningStates(rows, "backchannelLogout", "default `"
                + RevocationConfig.BackchannelLogoutConfig.DEFAULT_ENABLED + "`");
    }

    @Test
    void revocationExampleParsesToTheDefaultsWithOneIssuersBackchannelLogout() throws Exception {
        VerifierConfig config = parse(yamlBlock("## Revocation") + """
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                """);
        RevocationConfig revocation = config.revocation();
        assertEquals(RevocationConfig.DEFAULT_MAX_ENTRIES, revocation.maxEntries());
        assertEquals(RevocationConfig.DEFAULT_MAX_TOKEN_LIFETIME, revocation.maxTokenLifetime());
        assertEquals(RevocationConfig.DEFAULT_LOGOUT_TOKEN_MAX_AGE, revocation.logoutTokenMaxAge());
        assertEquals(java.util.Optional.of(new RevocationConfig.BackchannelLogoutConfig("https://idp.example.com",
                "my-relying-party", true)), revocation.backchannelLogoutOf("https://idp.example.com"));
    }

    @Test
    void clusterTableStatesTheDefaultsOfClusterConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("uri", "required");
        expected.put("offheapResource", code(ClusterConfig.DEFAULT_OFFHEAP_RESOURCE));
        expected.put("cacheSizeMb", code(ClusterConfig.DEFAULT_CACHE_SIZE_MB));
        expected.put("connectTimeout", ClusterConfig.DEFAULT_CONNECT_TIMEOUT);
        expected.put("readTimeout", ClusterConfig.DEFAULT_READ_TIMEOUT);
        expected.put("writeTimeout", ClusterConfig.DEFAULT_WRITE_TIMEOUT);
        expected.put("pollInterval", ClusterConfig.DEFAULT_POLL_INTERVAL);
        Map<String, String[]> rows = table("## Cluster");
        assertDefaults(expected, rows);
        assertMeaningStates(rows, "pollInterval", duration(ClusterConfig.MIN_POLL_INTERVAL) + " … "
                + duration(ClusterConfig.MAX_TIMEOUT));
        assertMeaningStates(rows, "readTimeout", "at most " + duration(ClusterConfig.MAX_TIMEOUT));
    }

    @Test
    void clusterExampleParsesToTheDefaultsWithItsUri() throws Exception {
        VerifierConfig config = parse(yamlBlock("## Cluster") + """
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                """);
        ClusterConfig cluster = config.cluster().orElseThrow();
        assertEquals(new ClusterConfig(java.net.URI.create("terracotta://127.0.0.1:9410/jwt-verifier"),
                ClusterConfig.DEFAULT_OFFHEAP_RESOURCE, ClusterConfig.DEFAULT_CACHE_SIZE_MB,
                ClusterConfig.DEFAULT_CONNECT_TIMEOUT, ClusterConfig.DEFAULT_READ_TIMEOUT,
                ClusterConfig.DEFAULT_WRITE_TIMEOUT, ClusterConfig.DEFAULT_POLL_INTERVAL), cluster);
    }

    @Test
    void signatureProviderExampleParsesToTheDefaultAndEveryChoiceOfItsTableParses() throws Exception {
        String issuers = "issuers:\n"
                + "  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}\n";
        assertEquals(VerifierConfig.DEFAULT_CRYPTO_PROVIDER,
                parse(yamlBlock("## Signature provider") + issuers).cryptoProvider());
        List<String> choices = new ArrayList<>();
        for (String line : section("## Signature provider")) {
            Matcher m = Pattern.compile("^\\| `([a-z]+)`.*").matcher(line);
            if (m.matches() && !m.group(1).equals("provider")) {
                choices.add(m.group(1));
                assertEquals(m.group(1), parse("crypto: {provider: " + m.group(1) + "}\n" + issuers)
                        .cryptoProvider().configName());
            }
        }
        assertEquals(List.of("auto", "jdk", "accp"), choices);
    }

    @Test
    void introspectionTableStatesTheDefaultsOfIntrospectionConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("endpoint", "from discovery");
        expected.put("clientAuthentication", code(IntrospectionConfig.DEFAULT_CLIENT_AUTHENTICATION.configName()));
        expected.put("clientId", "required");
        expected.put("clientSecret", "required");
        expected.put("introspectJwts", code(IntrospectionConfig.DEFAULT_INTROSPECT_JWTS));
        expected.put("maxTtl", IntrospectionConfig.DEFAULT_MAX_TTL);
        expected.put("negativeTtl", IntrospectionConfig.DEFAULT_NEGATIVE_TTL);
        expected.put("maxEntries", code(IntrospectionConfig.DEFAULT_MAX_ENTRIES));
        expected.put("maxConcurrent", code(IntrospectionConfig.DEFAULT_MAX_CONCURRENT));
        expected.put("maxWait", IntrospectionConfig.DEFAULT_MAX_WAIT);
        expected.put("connectTimeout", IntrospectionConfig.DEFAULT_CONNECT_TIMEOUT);
        expected.put("readTimeout", IntrospectionConfig.DEFAULT_READ_TIMEOUT);
        expected.put("maxResponseBytes", code(IntrospectionConfig.DEFAULT_MAX_RESPONSE_BYTES));
        Map<String, String[]> rows = table("## Introspection");
        assertDefaults(expected, rows);
        assertMeaningStates(rows, "maxConcurrent", "1 … " + IntrospectionConfig.MAX_MAX_CONCURRENT);
        assertMeaningStates(rows, "maxWait", "at most " + duration(IntrospectionConfig.MAX_MAX_WAIT));
        assertMeaningStates(rows, "readTimeout", "at most " + duration(FetchSettings.MAX_READ_TIMEOUT));
        assertMeaningStates(rows, "maxResponseBytes", "at least " + FetchSettings.MIN_MAX_RESPONSE_BYTES);
    }

    @Test
    void introspectionExampleParsesToTheDefaultsFromDiscovery() throws Exception {
        VerifierConfig config = new ConfigParser(Clock.systemUTC(),
                name -> name.equals("JWT_VERIFIER_INTROSPECTION_SECRET") ? "s" : null)
                .parse(yamlBlock("## Introspection"), FILE);
        IntrospectionConfig introspection = config.issuerList().get(0).introspection().orElseThrow();
        assertEquals(new IntrospectionConfig(java.util.Optional.empty(),
                java.net.URI.create("https://idp.example.com/realms/main/.well-known/openid-configuration"),
                IntrospectionConfig.DEFAULT_CLIENT_AUTHENTICATION, "jwt-verifier",
                "${env:JWT_VERIFIER_INTROSPECTION_SECRET}", "s", IntrospectionConfig.DEFAULT_INTROSPECT_JWTS,
                IntrospectionConfig.DEFAULT_MAX_TTL, IntrospectionConfig.DEFAULT_NEGATIVE_TTL,
                IntrospectionConfig.DEFAULT_MAX_ENTRIES, IntrospectionConfig.DEFAULT_MAX_CONCURRENT,
                IntrospectionConfig.DEFAULT_MAX_WAIT, IntrospectionConfig.DEFAULT_CONNECT_TIMEOUT,
                IntrospectionConfig.DEFAULT_READ_TIMEOUT, IntrospectionConfig.DEFAULT_MAX_RESPONSE_BYTES),
                introspection);
    }

    @Test
    void tokenCacheExampleParsesToTheDefaults() throws Exception {
        VerifierConfig config = parse(yamlBlock("## Token cache") + """
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                """);
        assertEquals(TokenCacheConfig.DEFAULTS, config.tokenCache());
    }

    @Test
    void secretsExampleParsesWithItsReferencesResolvedAndRecorded(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path secret = dir.resolve("jwt-verifier-hmac");
        Files.writeString(secret, "an-hmac-key-of-at-least-32-bytes-0123456789\n", StandardCharsets.UTF_8);
        String yaml = yamlBlock("## Secrets and other values from elsewhere")
                .replace("${file:/run/secrets/jwt-verifier-hmac}", "${file:" + secret + "}");
        VerifierConfig config = new ConfigParser(Clock.systemUTC(),
                name -> name.equals("JWT_VERIFIER_TRUSTSTORE_PASSWORD") ? "changeit" : null).parse(yaml, FILE);
        assertEquals(java.util.Optional.of("changeit"),
                config.issuerList().get(0).fetch().trustStorePassword());
        assertEquals("shared secret from ${file:" + secret + "}", config.issuerList().get(1).keySource().describe());
        assertEquals(List.of("issuers[0].trustStorePassword", "issuers[1].sharedSecret"),
                List.copyOf(config.references().keySet()));
    }

    @Test
    void decisionLogTableStatesTheDefaultsOfDecisionLogConfig() throws IOException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("format", code(DecisionLogConfig.DEFAULT_FORMAT.key()));
        expected.put("admitted", code(DecisionLogConfig.DEFAULT_ADMITTED));
        assertDefaults(expected, table("## Decision log"));
    }

    @Test
    void decisionLogExampleParsesToJsonWithoutAdmittedRequests() throws Exception {
        VerifierConfig config = parse(yamlBlock("## Decision log") + """
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                """);
        assertEquals(new DecisionLogConfig(DecisionLogConfig.Format.JSON, false), config.decisionLog());
    }

    /** The page's logging.properties lines are lines of the shipped file, which ShippedLoggingIT runs. */
    @Test
    void decisionLogPropertiesBlockIsPartOfTheShippedLoggingProperties() throws IOException {
        List<String> shipped = Files.readAllLines(Path.of("tomcat/conf/logging.properties"), StandardCharsets.UTF_8);
        List<String> block = block("## Decision log", "```properties");
        assertTrue(block.size() >= 9, "the block is there: " + block);
        for (String line : block) {
            assertTrue(line.isEmpty() || shipped.contains(line), "not in tomcat/conf/logging.properties: " + line);
        }
        String handler = block.get(0).substring(0, block.get(0).indexOf(".level"));
        assertTrue(shipped.stream().anyMatch(l -> l.startsWith("handlers = ") && l.contains(handler)),
                "the shipped file's handlers line names " + handler);
    }

    @Test
    void issuersExampleParsesToOneIssuerWithItsKeySource() throws Exception {
        VerifierConfig config = parse(yamlBlock("## Issuers"));
        assertEquals(Set.of("https://idp.example.com"), config.issuers().keySet());
        assertEquals("jwksUri https://idp.example.com/jwks", config.issuerList().get(0).keySource().describe());
    }

    /**
     * @param expected key → the cell's exact text, or a {@link Duration} written as {@code `30s`} in any notation
     *                 the file accepts ({@code 60s} and {@code 1m} alike), or an {@link InText}
     */
    private static void assertDefaults(Map<String, Object> expected, Map<String, String[]> rows) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(rows.keySet()),
                "the keys of the table, in order: a documented key needs an expected default here, and back");
        expected.forEach((key, value) -> {
            String cell = rows.get(key)[0];
            String message = PAGE + ": the default of `" + key + "` is not what the code has";
            if (value instanceof Duration d) {
                value = new InText("`{}`", d);
            }
            if (value instanceof InText t) {
                Matcher m = Pattern.compile(Pattern.quote(t.template()).replace("{}", "\\E(.+)\\Q")).matcher(cell);
                assertTrue(m.matches(), message + ": '" + cell + "' is not " + t.template());
                assertEquals(t.duration(), Durations.parse(m.group(1)), message);
            } else {
                assertEquals(value, cell, message);
            }
        });
    }

    /** A cell that states a duration where the template has {@code {}}. */
    private record InText(String template, Duration duration) {
    }

    private static void assertMeaningStates(Map<String, String[]> rows, String key, String bound) {
        assertTrue(rows.get(key)[1].contains(bound), PAGE + ": `" + key + "` should state " + bound + ": "
                + rows.get(key)[1]);
    }

    /** The rows of the first key table after {@code heading}: key → [default, meaning]. */
    private static Map<String, String[]> table(String heading) throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : section(heading)) {
            if (line.equals("| key | default | meaning |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("|")) {
                Matcher m = ROW.matcher(line);
                assertTrue(m.matches(), PAGE + ": not a key row: " + line);
                rows.put(m.group(1), new String[]{m.group(2).trim(), m.group(3).trim()});
            } else if (inTable) {
                break;
            }
        }
        assertTrue(!rows.isEmpty(), PAGE + " has no key table under " + heading);
        return rows;
    }

    /** The first {@code yaml} block after {@code heading}. */
    private static String yamlBlock(String heading) throws IOException {
        StringBuilder yaml = new StringBuilder();
        block(heading, "```yaml").forEach(line -> yaml.append(line).append('\n'));
        return yaml.toString();
    }

    /** The lines of the first block opened by {@code fence} after {@code heading}. */
    private static List<String> block(String heading, String fence) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inBlock = false;
        for (String line : section(heading)) {
            if (line.equals(fence)) {
                inBlock = true;
            } else if (inBlock && line.equals("```")) {
                return lines;
            } else if (inBlock) {
                lines.add(line);
            }
        }
        throw new AssertionError(PAGE + " has no " + fence + " block under " + heading);
    }

    private static List<String> section(String heading) throws IOException {
        List<String> lines = Files.readAllLines(PAGE, StandardCharsets.UTF_8);
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, PAGE + " has no heading " + heading);
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    /** {@code RS256/384/512, PS256/384/512, ES256/384/512, EdDSA}: one family per item, in table order. */
    private static String compact(Set<String> algorithms) {
        Map<String, List<String>> families = new LinkedHashMap<>();
        Stream.of(JwsAlgorithm.values()).map(Enum::name).filter(algorithms::contains).forEach(name -> {
            Matcher m = Pattern.compile("([A-Za-z]+)(\\d*)").matcher(name);
            assertTrue(m.matches(), name);
            families.computeIfAbsent(m.group(1), f -> new ArrayList<>()).add(m.group(2));
        });
        return families.entrySet().stream().map(e -> e.getKey() + String.join("/", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String code(Object value) {
        return "`" + value + "`";
    }

    private static String duration(Duration d) {
        return Durations.format(d);
    }

    private static VerifierConfig parse(String yaml) throws Exception {
        return new ConfigParser(Clock.systemUTC()).parse(yaml, FILE);
    }
}
