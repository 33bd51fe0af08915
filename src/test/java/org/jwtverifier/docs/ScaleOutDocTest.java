package org.jwtverifier.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.json.Jackson;

/**
 * The Traefik files of docs/scale-out.md (no Traefik binary can run here): both parse as YAML, use only keys of
 * Traefik's file provider and static configuration, and fit together: the forwardAuth middleware calls the loopback
 * entry point, whose router leads to the load-balanced verifier service of several servers, whose health check is
 * the verifier's {@code /ready}; the headers Traefik copies are the identity headers of the configuration example.
 * The page shows these files, and the server and cluster files the in-container tests run (DocsExamplesTest).
 */
class ScaleOutDocTest {
    private static final Path STATIC = Path.of("docs/examples/traefik-replicas-static.yml");
    private static final Path DYNAMIC = Path.of("docs/examples/traefik-replicas.yml");

    @Test
    void traefikFilesFitTogetherAndLoadBalanceTheReplicasWithTheReadyHealthCheck() throws IOException {
        JsonNode staticConfig = yaml(STATIC);
        JsonNode dynamic = yaml(DYNAMIC);
        assertKeys(staticConfig, "", Set.of("entryPoints", "providers"));
        assertKeys(staticConfig.get("providers"), "providers", Set.of("file"));
        String dynamicFile = staticConfig.at("/providers/file/filename").asText();
        assertTrue(Files.readString(DYNAMIC, StandardCharsets.UTF_8).startsWith("# dynamic configuration (" + dynamicFile),
                "the dynamic file should say it is " + dynamicFile);

        JsonNode verifierEntryPoint = staticConfig.at("/entryPoints/verifier");
        assertKeys(verifierEntryPoint, "entryPoints.verifier", Set.of("address", "forwardedHeaders"));
        String address = verifierEntryPoint.get("address").asText();
        assertTrue(address.startsWith("127.0.0.1:"), "the entry point only Traefik calls is on loopback: " + address);
        assertEquals(List.of("127.0.0.1/32"), texts(verifierEntryPoint.at("/forwardedHeaders/trustedIPs")),
                "the forwardAuth request's X-Forwarded-* headers must be kept");

        assertKeys(dynamic, "", Set.of("http"));
        JsonNode http = dynamic.get("http");
        assertKeys(http, "http", Set.of("middlewares", "routers", "services"));
        JsonNode forwardAuth = http.at("/middlewares/jwt-verifier/forwardAuth");
        assertKeys(forwardAuth, "forwardAuth", Set.of("address", "trustForwardHeader", "authResponseHeaders"));
        assertEquals("http://" + address + "/jwt-verifier/verify", forwardAuth.get("address").asText());
        assertEquals(identityHeadersOfTheExample(), new HashSet<>(texts(forwardAuth.get("authResponseHeaders"))));

        JsonNode app = http.at("/routers/app");
        assertEquals(List.of("jwt-verifier"), texts(app.get("middlewares")));
        JsonNode router = http.at("/routers/jwt-verifier");
        assertKeys(router, "routers.jwt-verifier", Set.of("rule", "entryPoints", "service"));
        assertEquals(List.of("verifier"), texts(router.get("entryPoints")));
        assertEquals("PathPrefix(`/jwt-verifier/`)", router.get("rule").asText());
        String service = router.get("service").asText();

        JsonNode loadBalancer = http.at("/services/" + service + "/loadBalancer");
        assertKeys(loadBalancer, "loadBalancer", Set.of("servers", "healthCheck"));
        List<String> servers = new ArrayList<>();
        loadBalancer.get("servers").forEach(s -> servers.add(s.get("url").asText()));
        assertTrue(servers.size() >= 2, "several replicas: " + servers);
        assertEquals(servers.size(), new HashSet<>(servers).size(), "distinct replicas: " + servers);
        JsonNode health = loadBalancer.get("healthCheck");
        assertKeys(health, "healthCheck", Set.of("path", "interval", "timeout"));
        assertEquals("/jwt-verifier/ready", health.get("path").asText());
    }

    private static Set<String> identityHeadersOfTheExample() throws IOException {
        String yaml = Files.readString(Path.of("docs/examples/identity-headers.yaml"), StandardCharsets.UTF_8)
                + "\nissuers:\n  - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}\n";
        try {
            return new ConfigParser(Clock.systemUTC()).parse(yaml, Path.of("identity-headers.yaml")).identityHeaders()
                    .stream().map(IdentityHeader::header).collect(Collectors.toSet());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode yaml(Path file) throws IOException {
        JsonNode node = Jackson.yaml().readTree(Files.readString(file, StandardCharsets.UTF_8));
        assertTrue(node != null && node.isObject(), file + " is not a YAML mapping");
        return node;
    }

    private static void assertKeys(JsonNode node, String at, Set<String> expected) {
        assertTrue(node != null && node.isObject(), at + " is missing or not a mapping");
        Set<String> keys = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(expected, keys, "keys of " + (at.isEmpty() ? "the file" : at));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
