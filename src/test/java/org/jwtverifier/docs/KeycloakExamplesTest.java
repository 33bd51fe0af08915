package org.jwtverifier.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.KeySourceSpec;
import org.jwtverifier.config.RouteConfig;
import org.jwtverifier.config.VerifierConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The Keycloak page's verifier configuration ({@code docs/examples/keycloak/jwt-verifier.yaml}), filled in the way
 * the page tells a user to, is what the Keycloak end-to-end test runs: only the issuer URL, discovery, the
 * audience, Keycloak's claims as headers, and the page's defaults (tokenType any, key refresh untouched). The
 * Caddyfile and the Traefik middleware beside it copy exactly its headers.
 */
class KeycloakExamplesTest {

    private static final Path DIR = Path.of("docs/examples/keycloak");

    @Test
    void verifierConfigurationTakesOnlyTheIssuerUrlAndKeepsTheDefaults() throws Exception {
        String text = Files.readString(DIR.resolve("jwt-verifier.yaml"), StandardCharsets.UTF_8)
                .replace("{{KEYCLOAK_ISSUER}}", "https://keycloak.example.com/realms/example");
        VerifierConfig config = new ConfigParser(Clock.systemUTC()).parse(text, DIR.resolve("jwt-verifier.yaml"));

        IssuerConfig issuer = config.issuers().get("https://keycloak.example.com/realms/example");
        KeySourceSpec.Discovery discovery = assertInstanceOf(KeySourceSpec.Discovery.class, issuer.keySource());
        assertEquals(URI.create("https://keycloak.example.com/realms/example/.well-known/openid-configuration"),
                discovery.configurationUri());
        assertEquals(Set.of("orders-api"), issuer.audiences());
        assertFalse(issuer.requireAccessTokenType(), "Keycloak's access tokens are typ JWT, not at+jwt");
        assertEquals(org.jwtverifier.config.KeyCacheSettings.DEFAULTS, issuer.keyCache());

        assertEquals(List.of("orders-admin", "reports"), config.routes().stream().map(RouteConfig::name).toList());
        assertEquals(Set.of("orders:admin"), config.routes().get(0).policy().scopes());
        assertEquals(Map.of("roles", Set.of("reports-viewer")), config.routes().get(1).policy().requiredClaims());
    }

    @Test
    void proxiesCopyExactlyTheConfiguredIdentityHeaders() throws Exception {
        String text = Files.readString(DIR.resolve("jwt-verifier.yaml"), StandardCharsets.UTF_8)
                .replace("{{KEYCLOAK_ISSUER}}", "https://keycloak.example.com/realms/example");
        VerifierConfig config = new ConfigParser(Clock.systemUTC()).parse(text, DIR.resolve("jwt-verifier.yaml"));
        List<String> headers = config.identityHeaders().stream().map(IdentityHeader::header).toList();

        String caddyfile = Files.readString(DIR.resolve("Caddyfile"), StandardCharsets.UTF_8);
        Matcher copy = Pattern.compile("(?m)^\\s*copy_headers (.+)$").matcher(caddyfile);
        copy.find();
        assertEquals(headers, List.of(copy.group(1).trim().split(" ")));

        JsonNode traefik = new YAMLMapper().readTree(DIR.resolve("traefik-dynamic.yml").toFile())
                .path("http").path("middlewares").path("jwt-verifier").path("forwardAuth");
        List<String> copied = new java.util.ArrayList<>();
        traefik.path("authResponseHeaders").forEach(h -> copied.add(h.asText()));
        assertEquals(headers, copied);
    }
}
