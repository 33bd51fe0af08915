package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${env:NAME}} and {@code ${file:PATH}} in string values: resolved before the sections are read, recorded by
 * key for JMX, and never echoed in a problem, also where a parser quotes the value it refuses.
 */
class ReferencesTest {
    private static final String PASSWORD = "s3cret-truststore-pass";
    private static final String HMAC = "0123456789abcdef0123456789abcdef-hmac";
    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("TS_PASSWORD", PASSWORD, "HMAC_KEY", HMAC, "REALM", "edge",
            "EMPTY", "", "URL_SECRET", "https://user:pa55word@sekrit.example/");

    private VerifierConfig parse(String yaml) throws ConfigException {
        return new ConfigParser(Clock.systemUTC(), env::get).parse(yaml, dir.resolve("config.yaml"));
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    /** Issuers https://a.example, https://b.example, ..., each with its {@code trustStorePassword} as given (YAML). */
    private static String issuersWithTrustStorePasswords(String... passwords) {
        StringBuilder yaml = new StringBuilder("issuers:\n");
        for (int i = 0; i < passwords.length; i++) {
            String host = (char) ('a' + i) + ".example";
            yaml.append("""
                      - issuer: https://%1$s
                        jwksUri: https://%1$s/jwks
                        audiences: [api]
                        trustStorePassword: %2$s
                    """.formatted(host, passwords[i]));
        }
        return yaml.toString();
    }

    @Test
    void envReferenceInTrustStorePasswordGivesTheVariablesValueAndIsRecordedByKey() throws Exception {
        VerifierConfig config = parse("""
                issuers:
                  - issuer: https://idp.example.com
                    jwksUri: https://idp.example.com/jwks
                    audiences: [api]
                    trustStore: ca.p12
                    trustStorePassword: ${env:TS_PASSWORD}
                """);
        assertEquals(Optional.of(PASSWORD), config.issuerList().get(0).fetch().trustStorePassword());
        assertEquals(Map.of("issuers[0].trustStorePassword", "${env:TS_PASSWORD}"), config.references());
        assertFalse(config.toString().contains(PASSWORD), config.toString());
    }

    @Test
    void fileReferenceGivesTheFilesContentWithOneTrailingLineBreakRemovedRelativeToTheConfigFolder() throws Exception {
        Files.writeString(dir.resolve("ts.pass"), PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("crlf.pass"), " two\n\r\n", StandardCharsets.UTF_8);
        VerifierConfig config = parse(issuersWithTrustStorePasswords("${file:ts.pass}",
                "${file:" + dir.resolve("crlf.pass") + "}"));
        assertEquals(Optional.of(PASSWORD), config.issuerList().get(0).fetch().trustStorePassword());
        assertEquals(Optional.of(" two\n"), config.issuerList().get(1).fetch().trustStorePassword(),
                "one line break taken off, nothing else");
    }

    @Test
    void fileReferenceIsReadAgainAtEveryParseSoAReloadTakesAChangedSecret() throws Exception {
        Path pass = dir.resolve("rotating.pass");
        String yaml = """
                issuers:
                  - {issuer: https://a.example, jwksUri: https://a.example/jwks, audiences: [api], trustStorePassword: "${file:rotating.pass}"}
                """;
        Files.writeString(pass, "first-password\n", StandardCharsets.UTF_8);
        assertEquals(Optional.of("first-password"), parse(yaml).issuerList().get(0).fetch().trustStorePassword());
        Files.writeString(pass, "second-password\n", StandardCharsets.UTF_8);
        assertEquals(Optional.of("second-password"), parse(yaml).issuerList().get(0).fetch().trustStorePassword());
    }

    @Test
    void shortSharedSecretIsRefusedByTheKeySourceNamingTheReferenceNotTheValue() {
        org.jwtverifier.jwks.KeySourceException e = assertThrows(org.jwtverifier.jwks.KeySourceException.class,
                () -> org.jwtverifier.jwks.SharedSecretKeySetSource.ofValue("${env:SHORT}", "too-short-key",
                        Clock.systemUTC()).load());
        assertEquals("shared secret from ${env:SHORT} is shorter than 32 bytes", e.getMessage());
    }

    @Test
    void anyStringValueMayBeAReference() throws Exception {
        VerifierConfig config = parse("""
                realm: ${env:REALM}
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: ["${env:REALM}"]}
                """);
        assertEquals("edge", config.realm());
        assertEquals(java.util.Set.of("edge"), config.issuerList().get(0).audiences());
        assertEquals(Map.of("realm", "${env:REALM}", "issuers[0].audiences[0]", "${env:REALM}"), config.references());
    }

    @Test
    void sharedSecretFromAReferenceIsAnHmacKeySourceThatNeverShowsTheSecret() throws Exception {
        VerifierConfig config = parse("""
                issuers:
                  - issuer: internal
                    sharedSecret: ${env:HMAC_KEY}
                    audiences: [api]
                """);
        IssuerConfig issuer = config.issuerList().get(0);
        KeySourceSpec.SharedSecretValue secret = assertInstanceOf(KeySourceSpec.SharedSecretValue.class,
                issuer.keySource());
        assertEquals(HMAC, secret.secret());
        assertEquals(IssuerConfig.DEFAULT_SHARED_SECRET_ALGORITHMS, issuer.algorithms());
        assertEquals("shared secret from ${env:HMAC_KEY}", secret.describe());
        assertFalse(issuer.toString().contains(HMAC), issuer.toString());
    }

    @Test
    void sharedSecretWrittenIntoTheFileIsRefusedWithoutEchoingIt() {
        List<String> problems = problems("""
                issuers:
                  - issuer: internal
                    sharedSecret: written-in-clear-0123456789abcdef
                    audiences: [api]
                """);
        assertEquals(List.of("issuers[0].sharedSecret: must be a reference, ${env:NAME} or ${file:PATH}: a secret "
                + "written into the file is readable by whoever can read the configuration"), problems);
    }

    @Test
    void unsetOrEmptyVariableAndMissingFileNameTheKeyAndTheReferenceOnly() {
        List<String> problems = problems(issuersWithTrustStorePasswords("${env:NOT_SET}", "${env:EMPTY}",
                "${file:missing.pass}", "\"prefix-${env:TS_PASSWORD}\"", "${env:bad-name}"));
        assertEquals(List.of(
                "issuers[0].trustStorePassword: environment variable NOT_SET is not set",
                "issuers[1].trustStorePassword: environment variable EMPTY is empty",
                "issuers[2].trustStorePassword: file " + dir.resolve("missing.pass")
                        + " (from ${file:missing.pass}) is not a readable file",
                "issuers[3].trustStorePassword: a reference (${env:NAME} or ${file:PATH}) must be the whole value",
                "issuers[4].trustStorePassword: ${env:bad-name}: not an environment variable name (letters, digits, _)"),
                problems);
    }

    @Test
    void aProblemThatQuotesAResolvedValueQuotesTheReferenceInstead() {
        List<String> problems = problems("""
                issuers:
                  - issuer: https://idp.example.com
                    jwksUri: https://idp.example.com/jwks
                    audiences: [api]
                    algorithms: ["${env:TS_PASSWORD}"]
                    redirectHosts: ["${env:URL_SECRET}"]
                """);
        String all = String.join("\n", problems);
        assertFalse(all.contains(PASSWORD) || all.contains("pa55word"), all);
        assertTrue(all.contains("unsupported algorithm '${env:TS_PASSWORD}'"), all);
        assertTrue(all.contains("'${env:URL_SECRET}' is not a host name"), all);
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                issuers:
                  - {issuer: x, jwksFile: a.json, audiences: [api], algorithms: ["${env:TS_PASSWORD}"]}
                """));
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void oversizedFileIsRefusedByItsSizeNotRead() throws Exception {
        Files.write(dir.resolve("big"), new byte[References.MAX_FILE_BYTES + 1]);
        assertEquals(List.of("realm: file " + dir.resolve("big") + " is larger than " + References.MAX_FILE_BYTES
                + " bytes"), problems("realm: ${file:big}\nissuers:\n  - {issuer: x, jwksFile: a.json, audiences: [a]}\n"));
    }
}
