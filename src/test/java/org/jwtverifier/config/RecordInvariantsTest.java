package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A record refuses what the parser refuses, in the parser's words: for each invalid setting, the problems the
 * parser reports for the file (less the {@code issuers[0].} in front) are exactly what the record's constructor
 * throws when code builds it with the same values, so a test or benchmark cannot run a configuration no operator
 * could load.
 */
class RecordInvariantsTest {
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    private static final String ISSUER = "https://idp.example.com";
    private static final ConfigParser PARSER = new ConfigParser(Clock.systemUTC());
    /** A valid configuration, whose parts the cases build on. */
    private static final VerifierConfig VALID = parse(issuerYaml("jwksUri: " + ISSUER + "/jwks.json"));
    private static final IssuerConfig VALID_ISSUER = VALID.issuerList().get(0);

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                issuerCase("keyCacheTtl: 500ms", i -> new KeyCacheSettings(Duration.ofMillis(500),
                        KeyCacheSettings.DEFAULT_REFRESH_AHEAD, KeyCacheSettings.DEFAULT_MIN_REFRESH_INTERVAL,
                        KeyCacheSettings.DEFAULT_UNKNOWN_KID_WAIT, KeyCacheSettings.DEFAULT_MAX_STALE)),
                issuerCase("keyCacheTtl: 1m\n    refreshAhead: 2m\n    maxStale: 30s\n    unknownKidWait: 1m",
                        i -> new KeyCacheSettings(Duration.ofMinutes(1), Duration.ofMinutes(2),
                                KeyCacheSettings.DEFAULT_MIN_REFRESH_INTERVAL, Duration.ofMinutes(1),
                                Duration.ofSeconds(30))),
                issuerCase("connectTimeout: 0s\n    readTimeout: 40s\n    maxJwksBytes: 100",
                        i -> new FetchSettings(Duration.ZERO, Duration.ofSeconds(40), 100, false, Optional.empty(),
                                Optional.empty(), Set.of())),
                issuerCase("redirectHosts: ['*.example.net', 'keys.example.net:443']",
                        i -> fetchWithRedirectHosts(orderedSet("*.example.net", "keys.example.net:443"))),
                issuerCase("audiences: []", i -> issuer(i.keySource(), Set.of(), i.algorithms(), i.fetch())),
                issuerCase("algorithms: [HS256, XX999]",
                        i -> issuer(i.keySource(), i.audiences(), orderedSet("HS256", "XX999"), i.fetch())),
                Arguments.of("issuers:\n  - issuer: " + ISSUER + "\n    sharedSecretFile: secret.key\n"
                                + "    audiences: [api]\n    algorithms: [RS256]\n",
                        (Function<IssuerConfig, Object>) i -> issuer(new KeySourceSpec.SharedSecret(Path.of("secret.key")),
                                i.audiences(), Set.of("RS256"), i.fetch())),
                Arguments.of(issuerYaml("jwksUri: http://idp.example.com/jwks.json"),
                        (Function<IssuerConfig, Object>) i -> issuer(
                                new KeySourceSpec.JwksUri(URI.create("http://idp.example.com/jwks.json")),
                                i.audiences(), i.algorithms(), i.fetch())),
                Arguments.of(issuerYaml("jwksUri: ftp://idp.example.com/jwks.json"),
                        (Function<IssuerConfig, Object>) i -> issuer(
                                new KeySourceSpec.JwksUri(URI.create("ftp://idp.example.com/jwks.json")),
                                i.audiences(), i.algorithms(), i.fetch())),
                topLevelCase("tokenCache: {maxEntries: 0}", i -> new TokenCacheConfig(true, 0, Duration.ofMinutes(5))),
                topLevelCase("tokenCache: {enabled: false, maxTtl: 0s}", i -> new TokenCacheConfig(false, 10, Duration.ZERO)),
                topLevelCase("maxTokenBytes: 10", i -> withMaxTokenBytes(10)),
                topLevelCase("maxTokenBytes: 2000000", i -> withMaxTokenBytes(2_000_000)),
                topLevelCase("realm: 'bad\"realm'", i -> withRealm("bad\"realm")),
                topLevelCase("realm: \"caf\\u00e9\"", i -> withRealm("caf\u00e9")),
                topLevelCase("cluster: {uri: 'http://127.0.0.1:9410/jwt-verifier'}",
                        i -> cluster(URI.create("http://127.0.0.1:9410/jwt-verifier"), 128, Duration.ofSeconds(2),
                                Duration.ofMillis(250))),
                topLevelCase("cluster: {uri: 'terracotta://127.0.0.1:9410/', cacheSizeMb: 0, readTimeout: 2m}",
                        i -> cluster(URI.create("terracotta://127.0.0.1:9410/"), 0, Duration.ofMinutes(2),
                                Duration.ofMillis(250))),
                topLevelCase("cluster: {uri: 'terracotta://127.0.0.1:9410/jwt-verifier', pollInterval: 10ms}",
                        i -> cluster(URI.create("terracotta://127.0.0.1:9410/jwt-verifier"), 128, Duration.ofSeconds(2),
                                Duration.ofMillis(10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void constructorWhenValuesTheParserRefusesThenThrowsTheParsersProblems(String yaml,
                                                                           Function<IssuerConfig, Object> build) {
        List<String> parserProblems = assertThrows(ConfigException.class, () -> PARSER.parse(yaml, FILE)).problems()
                .stream().map(p -> p.replaceFirst("^issuers\\[0]\\.", "")).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build.apply(VALID_ISSUER));
        assertEquals(String.join("; ", parserProblems), e.getMessage());
    }

    @Test
    void constructorWhenNoIssuerThenThrowsTheParsersProblem() {
        List<String> parserProblems = assertThrows(ConfigException.class, () -> PARSER.parse("realm: x\n", FILE))
                .problems();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VerifierConfig(
                VALID.source(), VALID.loadedAt(), VALID.realm(), VALID.maxTokenBytes(), VALID.identityHeaders(),
                java.util.Map.of(), VALID.keyStoreDirectory(), VALID.trustedProxies(), VALID.routes(),
                VALID.defaultPolicy(), VALID.tokenCache(), VALID.decisionLog(), VALID.revocation(),
                VALID.cluster(), VALID.references()));
        assertEquals(String.join("; ", parserProblems), e.getMessage());
    }

    @Test
    void constructorWhenNegativeDurationsThenRefusedThoughNoFileCanSpellThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeyCacheSettings(
                KeyCacheSettings.DEFAULT_TTL, Duration.ofSeconds(-1), Duration.ofSeconds(-1), Duration.ofSeconds(-1),
                KeyCacheSettings.DEFAULT_MAX_STALE));
        assertEquals("refreshAhead: must not be negative; minRefreshInterval: must not be negative; "
                + "unknownKidWait: must not be negative", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenCacheConfig(true, 10, Duration.ofSeconds(-1)));
        IllegalArgumentException skew = assertThrows(IllegalArgumentException.class, () -> new IssuerConfig(
                ISSUER, VALID_ISSUER.keySource(), VALID_ISSUER.audiences(), VALID_ISSUER.algorithms(),
                Duration.ofSeconds(-1), true, false, VALID_ISSUER.fetch(), VALID_ISSUER.keyCache()));
        assertEquals("clockSkew: must not be negative", skew.getMessage());
    }

    @Test
    void constructorWhenAComponentIsNullThenTheExceptionNamesIt() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> issuer(VALID_ISSUER.keySource(),
                null, VALID_ISSUER.algorithms(), VALID_ISSUER.fetch()));
        assertEquals("audiences must not be null", e.getMessage());
        NullPointerException ttl = assertThrows(NullPointerException.class, () -> new KeyCacheSettings(null,
                KeyCacheSettings.DEFAULT_REFRESH_AHEAD, KeyCacheSettings.DEFAULT_MIN_REFRESH_INTERVAL,
                KeyCacheSettings.DEFAULT_UNKNOWN_KID_WAIT, KeyCacheSettings.DEFAULT_MAX_STALE));
        assertEquals("ttl must not be null", ttl.getMessage());
    }

    @Test
    void constructorWhenCollectionsAreChangedAfterwardsThenTheRecordKeepsItsCopyInOrder() {
        Set<String> audiences = orderedSet("z-api", "a-api");
        Set<String> hosts = new LinkedHashSet<>(Set.of("Keys.Example.NET"));
        IssuerConfig issuer = issuer(VALID_ISSUER.keySource(), audiences, VALID_ISSUER.algorithms(),
                fetchWithRedirectHosts(hosts));
        audiences.add("late");
        hosts.add("late.example.net");
        assertEquals(List.of("z-api", "a-api"), List.copyOf(issuer.audiences()));
        assertEquals(Set.of("keys.example.net"), issuer.fetch().redirectHosts());
        assertThrows(UnsupportedOperationException.class, () -> issuer.audiences().add("x"));
    }

    @Test
    void defaultsWhenBuiltThenAreWhatTheParserGivesAFileThatSetsNothing() {
        assertEquals(KeyCacheSettings.DEFAULTS, VALID_ISSUER.keyCache());
        assertEquals(TokenCacheConfig.DEFAULTS, VALID.tokenCache());
        assertEquals(new FetchSettings(FetchSettings.DEFAULT_CONNECT_TIMEOUT, FetchSettings.DEFAULT_READ_TIMEOUT,
                FetchSettings.DEFAULT_MAX_RESPONSE_BYTES, FetchSettings.DEFAULT_ALLOW_INSECURE_HTTP, Optional.empty(),
                Optional.empty(), Set.of()), VALID_ISSUER.fetch());
        assertEquals(IssuerConfig.DEFAULT_ALGORITHMS, VALID_ISSUER.algorithms());
        assertEquals(IssuerConfig.DEFAULT_CLOCK_SKEW, VALID_ISSUER.clockSkew());
        assertEquals(VerifierConfig.DEFAULT_IDENTITY_HEADERS, VALID.identityHeaders());
        assertEquals(VerifierConfig.DEFAULT_REALM, VALID.realm());
        assertEquals(VerifierConfig.DEFAULT_MAX_TOKEN_BYTES, VALID.maxTokenBytes());
        assertEquals(VerifierConfig.DEFAULT_TRUSTED_PROXIES.size(), VALID.trustedProxies().size());
    }

    private static Arguments issuerCase(String settings, Function<IssuerConfig, Object> build) {
        return Arguments.of(issuerYaml("jwksUri: " + ISSUER + "/jwks.json\n    " + settings), build);
    }

    private static Arguments topLevelCase(String line, Function<IssuerConfig, Object> build) {
        return Arguments.of(line + "\n" + issuerYaml("jwksUri: " + ISSUER + "/jwks.json"), build);
    }

    private static String issuerYaml(String lines) {
        String yaml = "issuers:\n  - issuer: " + ISSUER + "\n    " + lines + "\n";
        return lines.contains("audiences:") ? yaml : yaml + "    audiences: [api]\n";
    }

    private static IssuerConfig issuer(KeySourceSpec source, Set<String> audiences, Set<String> algorithms,
                                       FetchSettings fetch) {
        return new IssuerConfig(ISSUER, source, audiences, algorithms, IssuerConfig.DEFAULT_CLOCK_SKEW,
                IssuerConfig.DEFAULT_REQUIRE_EXPIRY, IssuerConfig.DEFAULT_REQUIRE_ACCESS_TOKEN_TYPE, fetch,
                KeyCacheSettings.DEFAULTS);
    }

    private static FetchSettings fetchWithRedirectHosts(Set<String> hosts) {
        return new FetchSettings(FetchSettings.DEFAULT_CONNECT_TIMEOUT, FetchSettings.DEFAULT_READ_TIMEOUT,
                FetchSettings.DEFAULT_MAX_RESPONSE_BYTES, false, Optional.empty(), Optional.empty(), hosts);
    }

    private static VerifierConfig withMaxTokenBytes(int maxTokenBytes) {
        return new VerifierConfig(VALID.source(), VALID.loadedAt(), VALID.realm(), maxTokenBytes,
                VALID.identityHeaders(), VALID.issuers(), VALID.keyStoreDirectory(), VALID.trustedProxies(),
                VALID.routes(), VALID.defaultPolicy(), VALID.tokenCache(), VALID.decisionLog(), VALID.revocation(),
                VALID.cluster(), VALID.references());
    }

    private static VerifierConfig withRealm(String realm) {
        return new VerifierConfig(VALID.source(), VALID.loadedAt(), realm, VALID.maxTokenBytes(),
                VALID.identityHeaders(), VALID.issuers(), VALID.keyStoreDirectory(), VALID.trustedProxies(),
                VALID.routes(), VALID.defaultPolicy(), VALID.tokenCache(), VALID.decisionLog(), VALID.revocation(),
                VALID.cluster(), VALID.references());
    }

    private static ClusterConfig cluster(URI uri, int cacheSizeMb, Duration readTimeout, Duration pollInterval) {
        return new ClusterConfig(uri, ClusterConfig.DEFAULT_OFFHEAP_RESOURCE, cacheSizeMb,
                ClusterConfig.DEFAULT_CONNECT_TIMEOUT, readTimeout, ClusterConfig.DEFAULT_WRITE_TIMEOUT, pollInterval);
    }

    private static Set<String> orderedSet(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    private static VerifierConfig parse(String yaml) {
        try {
            return PARSER.parse(yaml, FILE);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
