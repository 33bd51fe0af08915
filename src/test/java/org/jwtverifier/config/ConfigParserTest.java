package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    /** One issuer with published keys and nothing else set. */
    private static final String ONE_ISSUER = """
            issuers:
              - issuer: https://idp.example.com
                jwksUri: https://idp.example.com/jwks.json
                audiences: [api]
            """;
    private final ConfigParser parser = new ConfigParser(Clock.systemUTC());

    @Test
    void parseWhenMinimalThenSecureDefaults() throws Exception {
        VerifierConfig config = parser.parse(ONE_ISSUER, FILE);
        IssuerConfig issuer = config.issuers().get("https://idp.example.com");
        assertEquals(IssuerConfig.DEFAULT_ALGORITHMS, issuer.algorithms());
        assertEquals(Duration.ofSeconds(60), issuer.clockSkew());
        assertEquals(Duration.ofMinutes(5), issuer.keyCache().ttl());
        assertTrue(issuer.requireExpiry());
        assertEquals(8192, config.maxTokenBytes());
        assertEquals(List.of(IdentityHeader.string("sub", "X-User-Id"), IdentityHeader.string("email", "X-User-Email")),
                config.identityHeaders());
        assertEquals("jwt-verifier", config.realm());
    }

    @Test
    void parseWhenTopLevelClockSkewThenIssuersInheritItUnlessTheySetTheirOwn() throws Exception {
        VerifierConfig config = parser.parse("""
                clockSkew: 10s
                issuers:
                  - {issuer: a, jwksFile: a.json, audiences: [x]}
                  - {issuer: b, jwksFile: b.json, audiences: [x], clockSkew: 0s}
                """, FILE);
        assertEquals(Duration.ofSeconds(10), config.issuers().get("a").clockSkew());
        assertEquals(Duration.ZERO, config.issuers().get("b").clockSkew());
    }

    @Test
    void parseWhenRelativePathsThenResolvedAgainstTheFilesFolder() throws Exception {
        VerifierConfig config = parser.parse("""
                issuers:
                  - issuer: demo
                    jwksFile: keys/jwks.json
                    audiences: api
                """, FILE);
        assertEquals(new KeySourceSpec.JwksFile(Path.of("/etc/jwt-verifier/keys/jwks.json")),
                config.issuers().get("demo").keySource());
        assertEquals(Set.of("api"), config.issuers().get("demo").audiences());
    }

    @Test
    void parseWhenManyProblemsThenAllAreReportedEachNamingItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                realm: 'bad"realm'
                maxTokenBytes: 10
                colour: blue
                identityHeaders:
                  sub: "X-User Id"
                issuers:
                  - issuer: https://a.example
                    jwksUri: http://idp.example.com/jwks.json
                    audiences: []
                    algorithms: [HS256, XX999]
                    clockSkew: soon
                  - jwksFile: a.json
                    jwksUri: https://b.example/jwks
                    audiences: [x]
                """, FILE));
        List<String> problems = e.problems();
        assertTrue(problems.contains("colour: unknown key"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("realm:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("maxTokenBytes:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("identityHeaders.sub:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("issuers[0].jwksUri: must use https")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("issuers[0].audiences:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("HS256 needs sharedSecretFile")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unsupported algorithm 'XX999'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("issuers[0].clockSkew: not a duration")),
                problems.toString());
        assertTrue(problems.contains("issuers[1].issuer: is required"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("issuers[1]: exactly one of")), problems.toString());
        assertTrue(e.getMessage().startsWith("invalid configuration " + FILE + ": "));
    }

    @Test
    void parseWhenPlainHttpOnLoopbackOrOptedInThenAccepted() throws Exception {
        VerifierConfig config = parser.parse("""
                issuers:
                  - issuer: a
                    jwksUri: http://127.0.0.1:8081/jwks.json
                    audiences: [api]
                  - issuer: b
                    jwksUri: http://idp.internal/jwks.json
                    allowInsecureHttp: true
                    audiences: [api]
                """, FILE);
        assertEquals(2, config.issuers().size());
    }

    @Test
    void parseWhenPlainHttpToANameThatOnlyStartsLikeLoopbackThenRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                issuers:
                  - issuer: a
                    jwksUri: http://127.attacker.example/jwks.json
                    audiences: [api]
                  - issuer: b
                    jwksUri: http://127.0.0.1.nip.io:8081/jwks.json
                    audiences: [api]
                """, FILE));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("issuers[0].jwksUri: must use https"), e.problems().toString());
        assertTrue(e.problems().get(1).startsWith("issuers[1].jwksUri: must use https"), e.problems().toString());
    }

    @Test
    void parseWhenSharedSecretThenOnlyHmacAndHs256ByDefault() throws Exception {
        VerifierConfig config = parser.parse("""
                issuers:
                  - issuer: internal
                    sharedSecretFile: secret.key
                    audiences: [api]
                """, FILE);
        assertEquals(Set.of("HS256"), config.issuers().get("internal").algorithms());
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                issuers:
                  - issuer: internal
                    sharedSecretFile: secret.key
                    audiences: [api]
                    algorithms: [RS256]
                """, FILE));
        assertEquals(List.of("issuers[0].algorithms: RS256 cannot be used with a shared secret"), e.problems());
    }

    @Test
    void parseWhenDuplicateIssuerOrNoneThenRejected() {
        ConfigException none = assertThrows(ConfigException.class, () -> parser.parse("realm: x\n", FILE));
        assertEquals(List.of("issuers: at least one issuer is required"), none.problems());
        ConfigException dup = assertThrows(ConfigException.class, () -> parser.parse("""
                issuers:
                  - {issuer: a, jwksFile: a.json, audiences: [x]}
                  - {issuer: a, jwksFile: b.json, audiences: [x]}
                """, FILE));
        assertEquals(List.of("issuers[1].issuer: duplicate issuer 'a'"), dup.problems());
    }

    @Test
    void parseWhenNotYamlThenOneProblemWithTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("issuers: [\n  - a: b: c", FILE));
        assertTrue(e.problems().get(0).startsWith("not valid YAML"), e.problems().toString());
    }

    @Test
    void parseWhenTimingsContradictThenRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                issuers:
                  - issuer: a
                    jwksFile: a.json
                    audiences: [x]
                    keyCacheTtl: 1m
                    refreshAhead: 2m
                    maxStale: 30s
                    readTimeout: 40s
                    unknownKidWait: 1m
                """, FILE));
        assertEquals(4, e.problems().size(), e.problems().toString());
    }

    @Test
    void parseWhenRedirectHostsThenPlainHostNamesOnlyInLowerCase() throws Exception {
        VerifierConfig config = parser.parse(ONE_ISSUER + """
                    redirectHosts: [Keys.CDN.example.net, keys-2.example.net]
                """, FILE);
        FetchSettings fetch = config.issuers().get("https://idp.example.com").fetch();
        assertEquals(Set.of("keys.cdn.example.net", "keys-2.example.net"), fetch.redirectHosts());
        assertTrue(fetch.allowsRedirectTo("KEYS.cdn.example.NET"));

        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(ONE_ISSUER + """
                    redirectHosts: ["https://keys.example.net", "*.example.net", "keys.example.net:443", "a..b"]
                """, FILE));
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith("issuers[0].redirectHosts: '")), e.problems().toString());
    }

    @Test
    void parseWhenDecisionLogAbsentThenTextRefusalsOnly() throws Exception {
        assertEquals(DecisionLogConfig.DEFAULTS, parser.parse(ONE_ISSUER, FILE).decisionLog());
        assertEquals(new DecisionLogConfig(DecisionLogConfig.Format.TEXT, false), DecisionLogConfig.DEFAULTS);
    }

    @Test
    void parseWhenDecisionLogJsonWithAdmittedThenBoth() throws Exception {
        VerifierConfig config = parser.parse("decisionLog: {format: json, admitted: true}\n" + ONE_ISSUER, FILE);
        assertEquals(new DecisionLogConfig(DecisionLogConfig.Format.JSON, true), config.decisionLog());
    }

    @Test
    void parseWhenDecisionLogHasProblemsThenEachIsReportedWithItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(
                "decisionLog: {format: xml, admitted: sometimes, colour: blue}\n" + ONE_ISSUER, FILE));
        assertEquals(Set.of("decisionLog.colour: unknown key", "decisionLog.format: must be one of text, json",
                "decisionLog.admitted: must be true or false"), Set.copyOf(e.problems()));
        ConfigException notMapping = assertThrows(ConfigException.class,
                () -> parser.parse("decisionLog: json\n" + ONE_ISSUER, FILE));
        assertEquals(List.of("decisionLog: must be a mapping"), notMapping.problems());
    }

    @Test
    void parseWhenAnIssuerHasProblemsThenRoutesNamingItAreNotReportedAgain() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                issuers:
                  - {issuer: https://a.example, jwksFile: a.json, audiences: []}
                routes:
                  - {name: r, pathPrefix: /x, issuers: [https://a.example, https://nobody.example]}
                defaultPolicy: {access: protected, issuers: [https://a.example]}
                """, FILE));
        assertEquals(List.of("issuers[0].audiences: at least one audience is required",
                "routes[0].issuers: 'https://nobody.example' is not a configured issuer"), e.problems());
    }

    @Test
    void parseWhenNoClusterSectionThenRevocationsStayLocal() throws Exception {
        assertEquals(Optional.empty(), parser.parse(ONE_ISSUER, FILE).cluster());
    }

    @Test
    void parseWhenClusterSectionThenEverySettingIsRead() throws Exception {
        VerifierConfig config = parser.parse("""
                cluster:
                  uri: terracotta://10.0.0.7:9410/jwt-verifier
                  offheapResource: revocations
                  cacheSizeMb: 8
                  connectTimeout: 3s
                  readTimeout: 500ms
                  writeTimeout: 1s
                  pollInterval: 100ms
                """ + ONE_ISSUER, FILE);
        assertEquals(Optional.of(new ClusterConfig(java.net.URI.create("terracotta://10.0.0.7:9410/jwt-verifier"),
                "revocations", 8, java.time.Duration.ofSeconds(3), java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(100))), config.cluster());
        assertEquals("10.0.0.7:9410", config.cluster().orElseThrow().server());
    }

    @Test
    void parseWhenClusterSectionLacksTheUriOrHasUnknownKeysThenEachIsAProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse("""
                cluster:
                  server: terracotta://127.0.0.1:9410/jwt-verifier
                """ + ONE_ISSUER, FILE));
        assertEquals(List.of("cluster.server: unknown key", "cluster.uri: is required (terracotta://host:port/name)"),
                e.problems());
        ConfigException notMapping = assertThrows(ConfigException.class,
                () -> parser.parse("cluster: terracotta://127.0.0.1:9410/x\n" + ONE_ISSUER, FILE));
        assertEquals(List.of("cluster: must be a mapping"), notMapping.problems());
    }

    /** Every optional section is a mapping whose keys are known; anything else is one problem under its name. */
    @ParameterizedTest
    @ValueSource(strings = {"revocation", "defaultPolicy", "crypto", "tokenCache", "decisionLog", "cluster"})
    void parseWhenASectionIsNoMappingOrHasAnUnknownKeyThenThatIsTheProblem(String section) {
        ConfigException notMapping = assertThrows(ConfigException.class,
                () -> parser.parse(section + ": yes\n" + ONE_ISSUER, FILE));
        assertEquals(List.of(section + ": must be a mapping"), notMapping.problems());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> parser.parse(section + ": {colour: blue}\n" + ONE_ISSUER, FILE));
        assertTrue(unknown.problems().contains(section + ".colour: unknown key"), unknown.problems()::toString);
    }

    @Test
    void parseWhenAnIssuersIntrospectionIsNoMappingThenThatIsTheProblem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parser.parse(ONE_ISSUER + "    introspection: yes\n", FILE));
        assertEquals(List.of("issuers[0].introspection: must be a mapping"), e.problems());
    }
}
