package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

/**
 * The shipped {@code tomcat/conf/logging.properties} on a Tomcat started with {@code catalina.sh} as an
 * installation is ({@link StandaloneTomcat}), the verifier configured with {@code decisionLog: {format: json}}:
 * the decision lines go to {@code jwt-verifier-decisions.<date>.log}, one JSON object each and none in
 * Tomcat's own log, while Ehcache's own messages (through SLF4J and {@code slf4j-jdk14}) reach
 * {@code catalina.<date>.log}. Tomcat is stopped cleanly before the files are read, so its queued lines are in.
 */
class ShippedLoggingIT {
    private static final String AUDIENCE = "api.example.com";
    private final ObjectMapper json = Jackson.strictJson();

    @Test
    void shippedLoggingPropertiesPutsJsonDecisionLinesInTheirOwnFileAndEhcacheLinesInTheContainerLog()
            throws IOException {
        String valid;
        String wrongAudience;
        Path logs;
        try (TestIdp idp = TestIdp.start("https://idp.example.com/shipped-logging")) {
            Path config = TestConfig.create().top("decisionLog: {format: json}")
                    .freshKeyStore("ShippedLoggingIT").issuerAllowingTestIdpAlgorithms(idp, AUDIENCE)
                    .write("ShippedLoggingIT");
            valid = idp.mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
            wrongAudience = idp.mint(Alg.RS256, "other.example.com", "mallory", "mallory@example.com");
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("ShippedLoggingIT", config)) {
                tomcat.start();
                VerifierClient client = tomcat.client();
                assertAdmitted(client.verify(valid), "alice", "alice@example.com");
                assertEquals(401, client.verify(wrongAudience).statusCode());
                assertEquals(401, client.verifyWithoutToken().statusCode());
                logs = tomcat.base().resolve("logs");
            }
        }

        List<String> decisionLines = linesOf(logs, "jwt-verifier-decisions.");
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : decisionLines) {
            JsonNode node = json.readTree(line);
            assertTrue(node.isObject(), () -> "not one JSON object: " + line);
            decisions.add(node);
        }
        assertEquals(List.of("wrong_audience", "missing_token"),
                decisions.stream().map(d -> d.path("reason").asText()).toList(),
                () -> "the refusals, in order, and no line for the admitted request: " + decisionLines);
        assertEquals("https://idp.example.com/shipped-logging", decisions.get(0).path("issuer").asText());
        assertEquals(16, decisions.get(0).path("tokenHash").asText().length());

        List<String> catalina = linesOf(logs, "catalina.");
        assertTrue(catalina.stream().anyMatch(l -> l.contains("org.ehcache.") && l.contains("created in")),
                () -> "no Ehcache line in the container log: " + String.join("\n", catalina));
        assertFalse(catalina.stream().anyMatch(l -> l.contains("\"outcome\"") || l.contains("wrong_audience")),
                "a decision line reached the container log too");
        assertEquals(List.of(), LogFiles.findings(logs, pieces(valid, wrongAudience)),
                "a token was written to a log file");
    }

    private static List<String> pieces(String... tokens) {
        List<String> pieces = new ArrayList<>();
        for (String token : tokens) {
            pieces.addAll(LogFiles.tokenPieces(token));
        }
        return pieces;
    }

    /** The lines of the files under {@code logs} whose names start with {@code prefix}, oldest day first. */
    private static List<String> linesOf(Path logs, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        assertFalse(files.isEmpty(), () -> "no " + prefix + "*.log in " + logs);
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
