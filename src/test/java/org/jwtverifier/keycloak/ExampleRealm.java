package org.jwtverifier.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import org.jwtverifier.e2e.Templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * The realm of docs/keycloak.md, set up through the admin REST API from the very files the page shows
 * ({@code docs/examples/keycloak/*.json}), plus what only the tests need: a user, and a client without the
 * {@code jwt-verifier} client scope (its tokens lack the audience).
 *
 * <pre>
 * realm example
 *   client scopes  jwt-verifier (audience mapper -> orders-api; realm roles -> top-level "roles"), orders:admin (optional)
 *   clients        orders-api (the audience), orders-web (password grant), orders-batch (client credentials),
 *                  orders-legacy (client credentials, no jwt-verifier scope)
 *   roles          realm: reports-viewer; client orders-api: orders-write
 *   users          alice (reports-viewer, orders-write); service-account-orders-batch (orders-write)
 * </pre>
 *
 * @param admin                 the admin REST API of the Keycloak the realm is on
 * @param issuer                the realm's {@code iss}
 * @param aliceId               alice's user id
 * @param batchServiceAccountId the user id of orders-batch's service account
 */
public record ExampleRealm(KeycloakAdmin admin, String issuer, String aliceId, String batchServiceAccountId) {

    public static final String REALM = "example";
    public static final String WEB_SECRET = "orders-web-secret";
    public static final String BATCH_SECRET = "orders-batch-secret";
    public static final String LEGACY_SECRET = "orders-legacy-secret";
    public static final String ALICE_PASSWORD = "alice-password";

    /** Creates the realm on a Keycloak that does not have it yet. */
    public static ExampleRealm create(KeycloakServer keycloak) {
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        admin.create("", example("realm.json"));
        String r = "/" + REALM;
        String jwtVerifierScope = admin.create(r + "/client-scopes", example("client-scope-jwt-verifier.json"));
        String adminScope = admin.create(r + "/client-scopes", example("client-scope-orders-admin.json"));
        String api = admin.create(r + "/clients", example("client-orders-api.json"));
        String web = admin.create(r + "/clients", example("client-orders-web.json"));
        String batch = admin.create(r + "/clients", example("client-orders-batch.json"));
        admin.create(r + "/clients", """
                {"clientId": "orders-legacy", "publicClient": false, "secret": "%s",
                 "standardFlowEnabled": false, "directAccessGrantsEnabled": false, "serviceAccountsEnabled": true}
                """.formatted(LEGACY_SECRET));
        for (String client : new String[]{web, batch}) {
            admin.put(r + "/clients/" + client + "/default-client-scopes/" + jwtVerifierScope, "{}");
            admin.put(r + "/clients/" + client + "/optional-client-scopes/" + adminScope, "{}");
        }
        admin.create(r + "/roles", "{\"name\": \"reports-viewer\"}");
        admin.create(r + "/clients/" + api + "/roles", "{\"name\": \"orders-write\"}");
        String realmRole = "[" + admin.get(r + "/roles/reports-viewer") + "]";
        String clientRole = "[" + admin.get(r + "/clients/" + api + "/roles/orders-write") + "]";

        // firstName, lastName and a verified email: Keycloak's user profile would otherwise send alice to a
        // "complete your account" step, and the password grant would fail.
        String alice = admin.create(r + "/users", """
                {"username": "alice", "email": "alice@example.com", "firstName": "Alice", "lastName": "Example",
                 "enabled": true, "emailVerified": true,
                 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}
                """.formatted(ALICE_PASSWORD));
        admin.create(r + "/users/" + alice + "/role-mappings/realm", realmRole);
        admin.create(r + "/users/" + alice + "/role-mappings/clients/" + api, clientRole);
        String batchAccount = admin.get(r + "/clients/" + batch + "/service-account-user").get("id").asText();
        admin.create(r + "/users/" + batchAccount + "/role-mappings/clients/" + api, clientRole);
        return new ExampleRealm(admin, keycloak.issuer(REALM), alice, batchAccount);
    }

    /** {@code docs/examples/keycloak/<name>}. */
    static String example(String name) {
        try {
            return Files.readString(Templates.docsExample("keycloak/" + name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** alice's access token from orders-web (password grant, RFC 6749 §4.3); {@code scope} may be null. */
    public String aliceToken(String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", "orders-web",
                "client_secret", WEB_SECRET, "username", "alice", "password", ALICE_PASSWORD));
        if (scope != null) {
            form.put("scope", scope);
        }
        return accessToken(form);
    }

    /** orders-batch's access token (client credentials grant, RFC 6749 §4.4); {@code scope} may be null. */
    public String batchToken(String scope) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "client_credentials",
                "client_id", "orders-batch", "client_secret", BATCH_SECRET));
        if (scope != null) {
            form.put("scope", scope);
        }
        return accessToken(form);
    }

    /** A token of a client without the jwt-verifier client scope: no {@code orders-api} in its {@code aud}. */
    public String legacyToken() {
        return accessToken(Map.of("grant_type", "client_credentials", "client_id", "orders-legacy",
                "client_secret", LEGACY_SECRET));
    }

    private String accessToken(Map<String, String> form) {
        JsonNode r = admin.token(REALM, form);
        return r.get("access_token").asText();
    }

    /** The secret Keycloak generated for the confidential client orders-api (the one that may introspect). */
    public String apiSecret() {
        String r = "/" + REALM;
        String api = admin.idOf(r + "/clients?clientId=orders-api", "clientId", "orders-api");
        return admin.get(r + "/clients/" + api + "/client-secret").get("value").asText();
    }

    /** The realm's JWKS as Keycloak publishes it. */
    public JsonNode jwks() {
        return admin.getPublic("/realms/" + REALM + "/protocol/openid-connect/certs");
    }
}
