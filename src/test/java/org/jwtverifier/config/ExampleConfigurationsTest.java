package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example configurations in webapp-config/ are what operators copy: they must parse. */
class ExampleConfigurationsTest {
    private final ConfigParser parser = new ConfigParser(Clock.systemUTC());

    @Test
    void everyShippedExampleParses() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("webapp-config"))) {
            long parsed = 0;
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                VerifierConfig config = parser.parse(file);
                assertTrue(config.issuers().size() >= 1, file.toString());
                parsed++;
            }
            assertTrue(parsed >= 2, "examples parsed: " + parsed);
        }
    }

    @Test
    void multiIssuerExampleHasItsRoutesInOrder() throws Exception {
        VerifierConfig config = parser.parse(Path.of("webapp-config/multi-issuer.yaml"));
        assertEquals(4, config.issuers().size());
        assertEquals(java.util.List.of("health", "actuator", "partner", "admin", "reports"),
                config.routes().stream().map(RouteConfig::name).toList());
    }
}
