package org.jwtverifier.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Traefik configurations of docs/traefik.md (no Traefik can be installed here to run them), read with a YAML
 * parser: each configures the middleware the way {@code TraefikForwardAuthContractIT} emulates it, and the entrypoint
 * keeps forwarded headers only from listed proxies.
 */
class TraefikExamplesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The identity headers of docs/examples/identity-headers.yaml (DocsExamplesTest ties them to the verifier's parser). */
    private static final List<String> IDENTITY_HEADERS = List.of("X-User-Id", "X-User-Email", "X-User-Groups");
    /** TraefikConnectionCases checks that no answer of the verifier has a longer body. */
    private static final int LARGEST_VERIFIER_BODY = 256;

    @Test
    void fileProviderMiddlewareIsTheOneTheContractTestEmulates() throws IOException {
        JsonNode auth = read("traefik-dynamic.yml").path("http").path("middlewares").path("jwt-verifier")
                .path("forwardAuth");
        assertMiddleware(auth.path("address").asText(), auth.path("trustForwardHeader").asText(),
                names(auth.path("authResponseHeaders")), auth.path("maxResponseBodySize").asText(),
                auth.has("authRequestHeaders"));
        JsonNode router = read("traefik-dynamic.yml").path("http").path("routers").path("app");
        assertEquals(List.of("jwt-verifier"), names(router.path("middlewares")));
    }

    @Test
    void dockerLabelsSayTheSame() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode label : read("traefik-docker-compose.yml").path("services").path("app").path("labels")) {
            String[] kv = label.asText().split("=", 2);
            labels.put(kv[0], kv[1]);
        }
        String prefix = "traefik.http.middlewares.jwt-verifier.forwardauth.";
        assertMiddleware(labels.get(prefix + "address"), labels.get(prefix + "trustForwardHeader"),
                List.of(labels.get(prefix + "authResponseHeaders").split(",")), labels.get(prefix + "maxResponseBodySize"),
                labels.containsKey(prefix + "authRequestHeaders"));
        assertEquals("jwt-verifier", labels.get("traefik.http.routers.app.middlewares"));
    }

    @Test
    void kubernetesMiddlewareSaysTheSame() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(Path.of("docs/examples/traefik-kubernetes.yml").toFile())) {
            it.forEachRemaining(d -> docs.add((JsonNode) d));
        }
        JsonNode middleware = docs.stream().filter(d -> d.path("kind").asText().equals("Middleware")).findFirst()
                .orElseThrow();
        assertEquals("traefik.io/v1alpha1", middleware.path("apiVersion").asText());
        JsonNode auth = middleware.path("spec").path("forwardAuth");
        assertMiddleware(auth.path("address").asText(), auth.path("trustForwardHeader").asText(),
                names(auth.path("authResponseHeaders")), auth.path("maxResponseBodySize").asText(),
                auth.has("authRequestHeaders"));
        JsonNode route = docs.stream().filter(d -> d.path("kind").asText().equals("IngressRoute")).findFirst()
                .orElseThrow();
        assertEquals("jwt-verifier",
                route.path("spec").path("routes").get(0).path("middlewares").get(0).path("name").asText());
    }

    @Test
    void entrypointKeepsForwardedHeadersOnlyFromListedProxies() throws IOException {
        JsonNode entryPoints = read("traefik-static.yml").path("entryPoints");
        assertFalse(entryPoints.isEmpty());
        for (JsonNode entryPoint : entryPoints) {
            JsonNode forwarded = entryPoint.path("forwardedHeaders");
            assertFalse(forwarded.path("insecure").asBoolean(false), "forwardedHeaders.insecure trusts every peer");
            for (String ip : names(forwarded.path("trustedIPs"))) {
                assertFalse(Set.of("0.0.0.0/0", "::/0").contains(ip), ip + " trusts every client");
                assertTrue(ip.endsWith("/32") || !ip.contains("/"), ip + ": list proxies, not networks of clients");
            }
        }
    }

    private static void assertMiddleware(String address, String trustForwardHeader, List<String> responseHeaders,
                                         String maxResponseBodySize, boolean setsAuthRequestHeaders) {
        assertTrue(address.endsWith("/jwt-verifier/verify"), address);
        // TraefikForwardAuthRequest emulates trustForwardHeader: true unless a case says otherwise.
        assertEquals("true", trustForwardHeader, "trustForwardHeader");
        assertEquals(IDENTITY_HEADERS, responseHeaders, "authResponseHeaders");
        long max = Long.parseLong(maxResponseBodySize);
        assertTrue(max > LARGEST_VERIFIER_BODY && max <= 65536, "maxResponseBodySize " + max);
        assertFalse(setsAuthRequestHeaders, "authRequestHeaders left unset: every client header is passed");
    }

    private static JsonNode read(String example) throws IOException {
        return YAML.readTree(Path.of("docs/examples", example).toFile());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText().strip()));
        return out;
    }
}
