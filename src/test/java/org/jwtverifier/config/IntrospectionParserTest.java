package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code introspection} part of an issuer: defaults, refusals, and the one issuer an opaque token goes to. */
class IntrospectionParserTest {
    private final ConfigParser parser = new ConfigParser(Clock.systemUTC(), name -> "the-secret");

    private VerifierConfig parse(String yaml) throws ConfigException {
        return parser.parse(yaml, Path.of("/etc/jwt-verifier/config.yaml"));
    }

    private List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    /**
     * One issuer, https://idp.example.com with keys from its JWKS URI, introspecting with {@code settings} (lines
     * indented six spaces, as the members of {@code introspection:} are).
     */
    private static String oneIssuerIntrospecting(String settings) {
        return """
                issuers:
                  - issuer: https://idp.example.com
                    jwksUri: https://idp.example.com/jwks
                    audiences: [api]
                    introspection:
                """ + settings;
    }

    @Test
    void aMinimalPartTakesEveryDefaultAndTheDiscoveryDocument() throws Exception {
        IntrospectionConfig c = parse("""
                issuers:
                  - issuer: https://idp.example.com/realms/main
                    discovery: true
                    audiences: [api]
                    introspection: {clientId: verifier, clientSecret: "${env:SECRET}"}
                """).issuerList().get(0).introspection().orElseThrow();
        assertEquals(Optional.empty(), c.endpoint());
        assertEquals(URI.create("https://idp.example.com/realms/main/.well-known/openid-configuration"),
                c.discoveryDocument());
        assertEquals(IntrospectionConfig.DEFAULT_CLIENT_AUTHENTICATION, c.clientAuthentication());
        assertEquals(IntrospectionConfig.DEFAULT_INTROSPECT_JWTS, c.introspectJwts());
        assertEquals(IntrospectionConfig.DEFAULT_MAX_TTL, c.maxTtl());
        assertEquals(IntrospectionConfig.DEFAULT_NEGATIVE_TTL, c.negativeTtl());
        assertEquals(IntrospectionConfig.DEFAULT_MAX_ENTRIES, c.maxEntries());
        assertEquals(IntrospectionConfig.DEFAULT_MAX_CONCURRENT, c.maxConcurrent());
        assertEquals(IntrospectionConfig.DEFAULT_MAX_WAIT, c.maxWait());
        assertEquals(IntrospectionConfig.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
        assertEquals(IntrospectionConfig.DEFAULT_READ_TIMEOUT, c.readTimeout());
        assertEquals(IntrospectionConfig.DEFAULT_MAX_RESPONSE_BYTES, c.maxResponseBytes());
        assertEquals("the-secret", c.clientSecret());
        assertFalse(c.toString().contains("the-secret"), c.toString());
        assertTrue(c.toString().contains("${env:SECRET}"), c.toString());
    }

    @Test
    void everySettingIsRead() throws Exception {
        IntrospectionConfig c = parse(oneIssuerIntrospecting("""
                      endpoint: https://idp.example.com/introspect
                      clientAuthentication: client_secret_post
                      clientId: verifier
                      clientSecret: ${file:secret.txt}
                      introspectJwts: true
                      maxTtl: 1m
                      negativeTtl: 2s
                      maxEntries: 50
                      maxConcurrent: 2
                      maxWait: 1s
                      connectTimeout: 500ms
                      readTimeout: 1s
                      maxResponseBytes: 4096
                """.replace("${file:secret.txt}", "${env:SECRET}")))
                .issuerList().get(0).introspection().orElseThrow();
        assertEquals(new IntrospectionConfig(Optional.of(URI.create("https://idp.example.com/introspect")),
                URI.create("https://idp.example.com/.well-known/openid-configuration"),
                IntrospectionConfig.ClientAuthentication.CLIENT_SECRET_POST, "verifier", "${env:SECRET}",
                "the-secret", true, Duration.ofMinutes(1), Duration.ofSeconds(2), 50, 2, Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(1), 4096), c);
    }

    @Test
    void problemsAreNamedByKeyAndTheSecretMustBeAReference() {
        List<String> problems = problems(oneIssuerIntrospecting("""
                      endpoint: http://idp.example.com/introspect
                      clientAuthentication: private_key_jwt
                      clientSecret: written-in-the-file
                      negativeTtl: 10m
                      maxConcurrent: 0
                      readTimeout: 25s
                      maxResponseBytes: 10
                      cache: true
                """));
        String all = String.join("\n", problems);
        assertTrue(all.contains("issuers[0].introspection.cache: unknown key"), all);
        assertTrue(all.contains("issuers[0].introspection.endpoint: must use https"), all);
        assertTrue(all.contains("issuers[0].introspection.clientAuthentication: must be client_secret_basic or"), all);
        assertTrue(all.contains("issuers[0].introspection.clientSecret: must be a reference"), all);
        assertFalse(all.contains("written-in-the-file"), all);
        assertTrue(all.contains("issuers[0].introspection.clientId: is required"), all);
        assertTrue(all.contains("issuers[0].introspection.negativeTtl: must not exceed maxTtl"), all);
        assertTrue(all.contains("issuers[0].introspection.maxConcurrent: must be between 1 and"), all);
        assertTrue(all.contains("issuers[0].introspection.readTimeout: connectTimeout + readTimeout + maxWait"), all);
        assertTrue(all.contains("issuers[0].introspection.maxResponseBytes: must be at least"), all);
    }

    @Test
    void twoIntrospectingIssuersMustNotShareAProtectedRoute() {
        String issuers = """
                issuers:
                  - issuer: https://a.example
                    jwksUri: https://a.example/jwks
                    audiences: [api]
                    introspection: {endpoint: "https://a.example/introspect", clientId: v, clientSecret: "${env:A}"}
                  - issuer: https://b.example
                    jwksUri: https://b.example/jwks
                    audiences: [api]
                    introspection: {endpoint: "https://b.example/introspect", clientId: v, clientSecret: "${env:B}"}
                  - issuer: https://c.example
                    jwksUri: https://c.example/jwks
                    audiences: [api]
                """;
        List<String> problems = problems(issuers + """
                routes:
                  - {name: both, pathPrefix: /both, issuers: [https://a.example, https://b.example]}
                  - {name: a, pathPrefix: /a, issuers: [https://a.example, https://c.example]}
                  - {name: open, pathPrefix: /open, access: public}
                """);
        assertEquals(List.of("routes[0].issuers: accepts 2 issuers with introspection (https://a.example, "
                + "https://b.example): name at most one of them, so that an opaque token has one issuer to be asked "
                + "about", "defaultPolicy.issuers: accepts 2 issuers with introspection (https://a.example, "
                + "https://b.example): name at most one of them, so that an opaque token has one issuer to be asked "
                + "about"), problems);
        assertTrue(assertDoesNotThrow(issuers + """
                routes:
                  - {name: a, pathPrefix: /a, issuers: [https://a.example, https://c.example]}
                  - {name: b, pathPrefix: /b, issuers: [https://b.example]}
                defaultPolicy: {access: deny}
                """));
    }

    private boolean assertDoesNotThrow(String yaml) {
        try {
            parse(yaml);
            return true;
        } catch (ConfigException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    @Test
    void anIssuerWithoutIntrospectionHasNone() throws Exception {
        assertEquals(Optional.empty(), parse("""
                issuers:
                  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                """).issuerList().get(0).introspection());
    }
}
