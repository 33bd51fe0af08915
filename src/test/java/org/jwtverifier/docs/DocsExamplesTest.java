package org.jwtverifier.docs;

import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IdentityHeader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy configurations in the docs are the files the end-to-end tests run, and the alert rules the file promtool
 * tests: a page shows one with
 * {@code <!-- include: docs/examples/NAME -->} followed by a fenced block, and the block must equal the file.
 */
class DocsExamplesTest {

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void includedExamplesAreTheFilesTheTestsRun() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page, StandardCharsets.UTF_8);
                Matcher m = INCLUDE.matcher(text);
                while (m.find()) {
                    Path example = Path.of(m.group(1));
                    assertTrue(Files.isRegularFile(example), page + " includes missing " + example);
                    assertEquals(Files.readString(example, StandardCharsets.UTF_8), m.group(2),
                            page + " shows a different " + example + ": copy the file into the page");
                    checked.add(page.getFileName() + " <- " + example);
                }
            }
        }
        assertTrue(checked.contains("caddy.md <- docs/examples/Caddyfile"), checked::toString);
        assertTrue(checked.contains("nginx.md <- docs/examples/nginx.conf"), checked::toString);
        assertTrue(checked.contains("configuration.md <- docs/examples/identity-headers.yaml"), checked::toString);
        assertTrue(checked.contains("metrics.md <- docs/prometheus/jwt-verifier-rules.yml"), checked::toString);
        for (String keycloak : List.of("realm.json", "client-scope-jwt-verifier.json", "client-scope-orders-admin.json",
                "client-orders-api.json", "client-orders-web.json", "client-orders-batch.json", "jwt-verifier.yaml",
                "Caddyfile", "traefik-dynamic.yml", "key-provider-rsa.json")) {
            assertTrue(checked.contains("keycloak.md <- docs/examples/keycloak/" + keycloak), checked::toString);
        }
        for (String container : List.of("jetty/start.d/jwt-verifier.ini", "jetty/webapps/jwt-verifier.xml",
                "src/main/webapp/WEB-INF/jboss-deployment-structure.xml", "wildfly/jwt-verifier.cli",
                "wildfly/add-jmx-user.sh")) {
            assertTrue(checked.contains("containers.md <- " + container), checked::toString);
        }
        for (String traefik : List.of("traefik-static.yml", "traefik-dynamic.yml", "traefik-docker-compose.yml",
                "traefik-kubernetes.yml")) {
            assertTrue(checked.contains("traefik.md <- docs/examples/" + traefik), checked::toString);
        }
        assertTrue(checked.contains("configuration.md <- docs/examples/cluster.yaml"), checked::toString);
        for (String example : List.of("traefik-replicas-static.yml", "traefik-replicas.yml", "terracotta-cluster.cfg",
                "cluster.yaml")) {
            assertTrue(checked.contains("scale-out.md <- docs/examples/" + example), checked::toString);
        }
    }

    /**
     * identity-headers.yaml says the proxy examples copy exactly its headers: parsed by the verifier's own parser,
     * its header names are the ones Caddy's {@code copy_headers} and nginx's {@code proxy_set_header X-User-*} name.
     */
    @Test
    void proxyExamplesWhenCopyingIdentityHeadersThenExactlyThoseOfTheIdentityHeadersExample() throws Exception {
        String yaml = Files.readString(Path.of("docs/examples/identity-headers.yaml"), StandardCharsets.UTF_8)
                + "\nissuers:\n  - issuer: https://idp.example.com\n    jwksUri: https://idp.example.com/jwks\n"
                + "    audiences: [api]\n";
        Set<String> configured = new ConfigParser(Clock.systemUTC()).parse(yaml, Path.of("identity-headers.yaml"))
                .identityHeaders().stream().map(IdentityHeader::header).collect(Collectors.toSet());
        assertEquals(Set.of("X-User-Id", "X-User-Email", "X-User-Groups"), configured);

        String caddy = Files.readString(Path.of("docs/examples/Caddyfile"), StandardCharsets.UTF_8);
        Set<String> copied = caddy.lines().map(String::strip).filter(l -> l.startsWith("copy_headers "))
                .flatMap(l -> Stream.of(l.split("\\s+")).skip(1)).collect(Collectors.toSet());
        assertEquals(configured, copied, "Caddyfile copy_headers");

        String nginx = Files.readString(Path.of("docs/examples/nginx.conf"), StandardCharsets.UTF_8);
        Matcher set = Pattern.compile("proxy_set_header (X-User-\\S+) ").matcher(nginx);
        Set<String> passed = new HashSet<>();
        while (set.find()) {
            passed.add(set.group(1));
        }
        assertEquals(configured, passed, "nginx.conf proxy_set_header X-User-*");
    }
}
