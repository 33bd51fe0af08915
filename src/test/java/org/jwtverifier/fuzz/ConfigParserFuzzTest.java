package org.jwtverifier.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;

/**
 * The configuration parser on arbitrary YAML text: a {@link VerifierConfig}, or a {@link ConfigException} that
 * names at least one problem; never another exception or error (a reload over JMX must report a bad file, not
 * fail with a NullPointerException or a StackOverflowError).
 */
class ConfigParserFuzzTest {
    /** Never read: relative paths resolve against its folder, and {@code parse(String, Path)} reads no file. */
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    private static final ConfigParser PARSER = new ConfigParser(Clock.systemUTC());

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        try {
            VerifierConfig config = PARSER.parse(yaml, FILE);
            assertNotNull(config);
            assertFalse(config.issuers().isEmpty(), "a configuration without issuers was accepted");
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty(), "a rejection without a problem");
        }
    }
}
