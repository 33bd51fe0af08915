package org.jwtverifier.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak's admin REST API ({@code /admin/realms/...}) and its token endpoint, over plain {@code java.net.http}
 * with Jackson: what a Keycloak administrator does in the console, as requests. Every call that fails says which
 * one and what Keycloak answered.
 */
public final class KeycloakAdmin {

    static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public KeycloakAdmin(KeycloakServer server) {
        this.server = server;
    }

    /** A fresh admin token each time: master-realm tokens live 60 s, a test runs longer. */
    private String adminToken() {
        return token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD))
                .get("access_token").asText();
    }

    /**
     * The token endpoint of {@code realm} (RFC 6749 §3.2), form-encoded.
     *
     * @return the token response
     */
    public JsonNode token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 200) {
            throw new AssertionError("token request for realm " + realm + " (grant " + form.get("grant_type")
                    + ", client " + form.get("client_id") + ") answered " + r.statusCode() + ": " + r.body());
        }
        return read(r.body());
    }

    /**
     * A raw form POST to a path of Keycloak (such as a realm's introspection endpoint), with extra headers.
     *
     * @return the response as it came
     */
    public HttpResponse<String> postForm(String path, Map<String, String> headers, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** POST {@code /admin/realms<path>}; returns the id at the end of the {@code Location} header, if any. */
    public String create(String path, String json) {
        HttpResponse<String> r = admin("POST", path, json);
        expect(r, "POST " + path, 201, 204);
        return r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
    }

    public void put(String path, String json) {
        expect(admin("PUT", path, json), "PUT " + path, 204);
    }

    public void delete(String path) {
        expect(admin("DELETE", path, null), "DELETE " + path, 204);
    }

    public JsonNode get(String path) {
        HttpResponse<String> r = admin("GET", path, null);
        expect(r, "GET " + path, 200);
        return read(r.body());
    }

    /** {@code GET} of a path outside {@code /admin}, such as a realm's JWKS. */
    public JsonNode getPublic(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET());
        expect(r, "GET " + path, 200);
        return read(r.body());
    }

    /** The id of the object whose {@code field} equals {@code value} in the list at {@code path}. */
    public String idOf(String path, String field, String value) {
        for (JsonNode n : get(path)) {
            if (value.equals(n.path(field).asText())) {
                return n.get("id").asText();
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in GET " + path);
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms" + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> r, String what, int... statuses) {
        for (int s : statuses) {
            if (r.statusCode() == s) {
                return;
            }
        }
        throw new AssertionError("Keycloak admin API: " + what + " answered " + r.statusCode() + ": " + r.body());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
