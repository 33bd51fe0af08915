package org.jwtverifier.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.DecisionLogConfig;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.testsupport.CapturedLog;

/**
 * The decision log as a real decider writes it on the {@code org.jwtverifier.decision} logger: each line parsed
 * back with the project's own strict JSON mapper (or read as text), with the fields an operator searches by and
 * never a piece of the token.
 */
class DecisionLogTest {
    private static final String CONFIG = """
            issuers:
              - issuer: https://idp.example
                jwksFile: unused.json
                audiences: [api]
            routes:
              - name: orders
                host: api.example.com
                pathPrefix: /orders
            """;
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    @RegisterExtension
    final CapturedLog log = CapturedLog.of("org.jwtverifier.decision", Level.FINE);

    @AfterEach
    void release() {
        persisted.close();
    }

    @Test
    void jsonLineOfAnExpiredTokenParsesBackWithReasonIssuerKidRouteHostLatencyAndTokenHashButNoToken() throws Exception {
        Decider decider = decider(new DecisionLogConfig(DecisionLogConfig.Format.JSON, false));
        String token = TestKeys.RSA.sign().issuer("https://idp.example").audience().add("api").and()
                .subject("alice").expiration(java.util.Date.from(NOW.minusSeconds(3600))).compact();

        decider.decide(forwarded("GET", "api.example.com", "/orders/7?access_token=" + token, token));

        JsonNode line = onlyJsonLine();
        assertEquals(NOW.toString(), line.get("time").asText());
        assertEquals("rejected", line.get("outcome").asText());
        assertEquals(401, line.get("status").asInt());
        assertEquals("expired", line.get("reason").asText());
        assertEquals("orders", line.get("route").asText());
        assertEquals("GET", line.get("method").asText());
        assertEquals("api.example.com", line.get("host").asText());
        assertEquals("https://idp.example", line.get("issuer").asText());
        assertEquals(TestKeys.RSA.kid(), line.get("kid").asText());
        assertEquals(sha256Hex(token).substring(0, 16), line.get("tokenHash").asText());
        assertTrue(line.get("latencyMicros").canConvertToLong() && line.get("latencyMicros").asLong() >= 0, line.toString());
        assertFalse(line.has("forwardedHeaders"));
        assertNoTokenIn(log.records().get(0).getMessage(), token);
    }

    @Test
    void jsonLinesOfAdmittedRequestsOnlyWhenConfiguredAndAlwaysOneObjectPerLine() throws Exception {
        String token = validToken();
        decider(new DecisionLogConfig(DecisionLogConfig.Format.JSON, false))
                .decide(forwarded("GET", "api.example.com", "/orders", token));
        assertEquals(List.of(), log.records(), "an admitted request is not logged unless decisionLog.admitted is set");

        decider(new DecisionLogConfig(DecisionLogConfig.Format.JSON, true))
                .decide(forwarded("GET", "api.example.com", "/orders", token));
        JsonNode line = onlyJsonLine();
        assertEquals("admitted", line.get("outcome").asText());
        assertEquals(200, line.get("status").asInt());
        assertFalse(line.has("reason"));
        assertEquals(sha256Hex(token).substring(0, 16), line.get("tokenHash").asText());
        assertNoTokenIn(log.records().get(0).getMessage(), token);
    }

    @Test
    void jsonLineOfAHostileKidAndIssuerIsStillOneBoundedLine() throws Exception {
        Decider decider = decider(new DecisionLogConfig(DecisionLogConfig.Format.JSON, false));
        String kid = "k\r\n{\"outcome\":\"admitted\"}" + "x".repeat(500);
        String token = TestKeys.RSA.sign().header().keyId(kid).and().issuer("https://idp.example\n" + "y".repeat(900))
                .audience().add("api").and().subject("alice").compact();

        decider.decide(forwarded("GET", "api.example.com", "/orders", token));

        String message = log.records().get(0).getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        JsonNode line = onlyJsonLine();
        assertEquals("rejected", line.get("outcome").asText());
        assertTrue(line.path("kid").asText().length() <= 64, line.toString());
        assertTrue(line.path("issuer").asText().length() <= 256, line.toString());
    }

    @Test
    void textLineNamesTheSameFieldsAndAnUntrustedPeerWhoseForwardedHeadersWereIgnored() throws Exception {
        Decider decider = decider(DecisionLogConfig.DEFAULTS);
        String token = validToken();

        decider.decide(new ForwardAuthRequest("192.0.2.9", List.of("Bearer " + token), List.of(), null, "GET",
                "https", "api.example.com", "/orders"));

        assertEquals(1, log.records().size(), "an admitted request whose forwarded headers were ignored is logged");
        String line = log.records().get(0).getMessage();
        assertEquals(NOW + " admitted status=200 route=default issuer=https://idp.example kid=" + TestKeys.RSA.kid()
                + " tokenHash=" + sha256Hex(token).substring(0, 16) + " latencyMicros="
                + line.replaceAll(".* latencyMicros=(\\d+) .*", "$1") + " forwardedHeaders=ignored peer=192.0.2.9", line);
        assertNoTokenIn(line, token);
    }

    @Test
    void missingTokenIsLoggedWithoutTokenHash() throws Exception {
        decider(new DecisionLogConfig(DecisionLogConfig.Format.JSON, false))
                .decide(forwarded("POST", "api.example.com", "/orders", null));
        JsonNode line = onlyJsonLine();
        assertEquals("missing_token", line.get("reason").asText());
        assertEquals("POST", line.get("method").asText());
        assertFalse(line.has("tokenHash"));
        assertFalse(line.has("issuer"));
    }

    private JsonNode onlyJsonLine() throws Exception {
        assertEquals(1, log.records().size(), () -> "one decision line expected: " + log.records().stream()
                .map(LogRecord::getMessage).toList());
        assertEquals(Level.FINE, log.records().get(0).getLevel());
        JsonNode line = Jackson.strictJson().readTree(log.records().get(0).getMessage());
        assertTrue(line.isObject(), log.records().get(0).getMessage());
        return line;
    }

    private static void assertNoTokenIn(String line, String token) {
        for (String piece : LogFiles.segmentsOf(List.of(token))) {
            assertFalse(line.contains(piece), () -> "the log line holds a piece of the token: " + line);
        }
        for (String piece : LogFiles.tokenPieces(token)) {
            assertFalse(line.contains(piece), () -> "the log line holds the token: " + line);
        }
    }

    private String validToken() {
        return TestKeys.RSA.sign().issuer("https://idp.example").audience().add("api").and().subject("alice")
                .expiration(java.util.Date.from(NOW.plusSeconds(300))).compact();
    }

    private Decider decider(DecisionLogConfig logConfig) {
        try {
            VerifierConfig config = new ConfigParser(clock).parse(CONFIG, Path.of("/etc/config.yaml"));
            Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
            for (IssuerConfig issuer : config.issuerList()) {
                verifiers.put(issuer.issuer(), TestIssuers.verifier(issuer,
                        new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA))), persisted, clock));
            }
            return new Decider(new JwtTokenVerifier(verifiers), new PolicyTable(config), config.trustedProxies(),
                    config.maxTokenBytes(), DecisionListener.NONE, logConfig, clock);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ForwardAuthRequest forwarded(String method, String host, String uri, String token) {
        return new ForwardAuthRequest("127.0.0.1", token == null ? List.of() : List.of("Bearer " + token), List.of(),
                null, method, "https", host, uri);
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
