package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationParserTest {
    private static final Path FILE = Path.of("/etc/jwt-verifier/config.yaml");
    private static final String ISSUERS = """
            issuers:
              - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
            """;
    private final ConfigParser parser = new ConfigParser(Clock.systemUTC());

    @Test
    void parseWhenNoSectionThenDefaultsAndNoLogout() throws Exception {
        RevocationConfig revocation = parser.parse(ISSUERS, FILE).revocation();
        assertEquals(RevocationConfig.DEFAULTS, revocation);
        assertEquals(Optional.empty(), revocation.backchannelLogoutOf("https://idp.example.com"));
    }

    @Test
    void parseWhenEverySettingThenTakenAndTheDirectoryResolvedAgainstTheFilesFolder() throws Exception {
        RevocationConfig revocation = parser.parse(ISSUERS + """
                revocation:
                  maxEntries: 5
                  maxTokenLifetime: 2h
                  logoutTokenMaxAge: 1m
                  directory: revocations
                  backchannelLogout:
                    - {issuer: https://idp.example.com, clientId: rp, enabled: false}
                """, FILE).revocation();
        assertEquals(5, revocation.maxEntries());
        assertEquals(Duration.ofHours(2), revocation.maxTokenLifetime());
        assertEquals(Duration.ofMinutes(1), revocation.logoutTokenMaxAge());
        assertEquals(Optional.of(Path.of("/etc/jwt-verifier/revocations")), revocation.directory());
        assertEquals(Optional.empty(), revocation.backchannelLogoutOf("https://idp.example.com"), "disabled");
        assertEquals("rp", revocation.backchannelLogout().get("https://idp.example.com").clientId());
    }

    @Test
    void parseWhenBadValuesThenEveryProblemNamedByItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(ISSUERS + """
                revocation:
                  maxEntries: 0
                  maxTokenLifetime: 0s
                  typo: 1
                  backchannelLogout:
                    - {issuer: https://unknown.example, clientId: rp}
                    - {issuer: https://idp.example.com}
                    - {issuer: https://idp.example.com, clientId: a}
                    - {issuer: https://idp.example.com, clientId: b}
                """, FILE));
        List<String> problems = e.problems();
        for (String expected : List.of("revocation.typo: unknown key",
                "revocation.backchannelLogout[0].issuer: 'https://unknown.example' is not a configured issuer",
                "revocation.backchannelLogout[1].clientId: required",
                "revocation.backchannelLogout[3].issuer: duplicate issuer",
                "revocation.maxEntries: must be between 1 and 10000000",
                "revocation.maxTokenLifetime: must be positive")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " in " + problems);
        }
    }

    @Test
    void constructorWhenBadBoundsThenThrowsTheParsersWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RevocationConfig(0,
                Duration.ofHours(1), Duration.ofMinutes(1), Optional.empty(), Map.of()));
        assertEquals("revocation.maxEntries: must be between 1 and 10000000", e.getMessage());
    }
}
