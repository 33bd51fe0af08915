package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code crypto} section: its one key, its three values, and every mistake named by its key. */
class CryptoProviderConfigTest {
    private static final String ISSUERS = "issuers:\n"
            + "  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}\n";

    private static VerifierConfig parse(String yaml) throws ConfigException {
        return new ConfigParser(Clock.systemUTC()).parse(yaml + ISSUERS, Path.of("/etc/jwt-verifier/config.yaml"));
    }

    @Test
    void absentMeansAutoAndEachValueParses() throws ConfigException {
        assertEquals(ProviderChoice.AUTO, parse("").cryptoProvider());
        assertEquals(ProviderChoice.AUTO, parse("crypto: {}\n").cryptoProvider());
        assertEquals(ProviderChoice.JDK, parse("crypto: {provider: jdk}\n").cryptoProvider());
        assertEquals(ProviderChoice.ACCP, parse("crypto: {provider: accp}\n").cryptoProvider());
    }

    @Test
    void anUnknownValueAKeyOrAScalarIsAProblemNamingItsKey() {
        assertEquals(List.of("crypto.provider: must be auto, jdk or accp"),
                assertThrows(ConfigException.class, () -> parse("crypto: {provider: openssl}\n")).problems());
        assertEquals(List.of("crypto.provider: must be auto, jdk or accp"),
                assertThrows(ConfigException.class, () -> parse("crypto: {provider: ACCP}\n")).problems());
        assertEquals(1, assertThrows(ConfigException.class, () -> parse("crypto: {providers: jdk}\n"))
                .problems().size());
        assertEquals(List.of("crypto: must be a mapping"),
                assertThrows(ConfigException.class, () -> parse("crypto: accp\n")).problems());
    }
}
