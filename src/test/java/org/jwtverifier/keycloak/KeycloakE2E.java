package org.jwtverifier.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.e2e.ExternalServer;
import org.jwtverifier.e2e.RecordingServer;
import org.jwtverifier.e2e.Templates;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.ClosedAfterAll;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Keycloak end to end: its access tokens (password and client credentials grants) sent by a client through
 * real Caddy ({@code docs/examples/keycloak/Caddyfile}) to the verifier on Tomcat, configured with
 * {@code docs/examples/keycloak/jwt-verifier.yaml} (only the issuer URL: keys by OIDC discovery), and an
 * application that records what it receives. The realm is created through Keycloak's admin REST API from the
 * files docs/keycloak.md shows.
 *
 * <p>It also records, as a contract, how Keycloak's RFC 7662 introspection endpoint answers.
 *
 * <p>The cases run in order: the last two rotate Keycloak's signing key under a steady trickle of requests, then
 * stop Keycloak. The configuration's key refresh settings are shortened (keyCacheTtl 2s) so the rotation is
 * picked up within seconds; a user's file keeps the defaults.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakE2E {

    /** Caddy and the backend, once started: closed after the last case, before the undeploy. */
    @RegisterExtension
    static final ClosedAfterAll closeAfterAll = new ClosedAfterAll();

    private static KeycloakServer keycloak;
    private static ExampleRealm realm;
    private static RecordingServer backend;
    private static ExternalServer caddy;
    private static String caddyUrl;
    private static final Instant classStart = Instant.now();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        keycloak = KeycloakServer.shared();
        realm = ExampleRealm.create(keycloak);
        String documented = Templates.render(Templates.docsExample("keycloak/jwt-verifier.yaml"),
                Map.of("KEYCLOAK_ISSUER", realm.issuer()));
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = (ObjectNode) yaml.readTree(documented);
        ObjectNode issuer = (ObjectNode) config.get("issuers").get(0);
        // Test-only: refresh every second or two instead of every few minutes, and refresh at once for an
        // unknown kid (minRefreshInterval 0s; docs/keycloak.md says what the default of 30s means for a rotation).
        issuer.put("keyCacheTtl", "2s").put("refreshAhead", "1s").put("minRefreshInterval", "0s")
                .put("unknownKidWait", "3s");
        Path file = TestConfig.writeFile("KeycloakE2E/jwt-verifier.yaml", yaml.writeValueAsString(config));
        return Deployments.war(file);
    }

    @BeforeEach
    void startProxyOnce() {
        if (caddy == null) {
            awaitAdmitting(realm.batchToken(null));
            backend = closeAfterAll.add(RecordingServer.backend("keycloak-backend"));
            startCaddy();
        }
        backend.clear();
    }

    @AfterAll
    static void printFigures() {
        if (keycloak != null) {
            System.out.printf("KeycloakE2E: Keycloak start %d s, class wall time %d s%n",
                    keycloak.startTime().toSeconds(), Duration.between(classStart, Instant.now()).toSeconds());
        }
    }

    // ---- identity ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void passwordGrantTokenReachesTheApplicationWithTheUsersIdentityAndRoles() throws IOException {
        String token = realm.aliceToken(null);
        // What Keycloak issues: a JWT header typ "JWT" and a claim typ "Bearer", never RFC 9068's at+jwt, so the
        // issuer must keep tokenType: any (the default).
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertEquals("JWT", header.path("typ").asText(), header::toString);
        assertEquals("Bearer", claims.path("typ").asText(), claims::toString);
        assertTrue(contains(claims.get("aud"), "orders-api"), "the audience mapper put orders-api in aud: " + claims);

        HttpResponse<String> r = get("/orders/42", token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals(realm.aliceId(), at.single("X-User-Id"), at::toString);
        assertEquals("alice", at.single("X-User-Name"), at::toString);
        assertEquals("alice@example.com", at.single("X-User-Email"), at::toString);
        assertEquals("orders-web", at.single("X-Client-Id"), at::toString);
        JsonNode roles = KeycloakAdmin.JSON.readTree(at.single("X-User-Roles"));
        assertTrue(contains(roles, "reports-viewer"), at::toString);
        JsonNode clientRoles = KeycloakAdmin.JSON.readTree(at.single("X-User-Client-Roles"));
        assertTrue(contains(clientRoles.path("orders-api").path("roles"), "orders-write"), at::toString);
    }

    @Test
    @Order(2)
    void clientCredentialsTokenReachesTheApplicationAsTheServiceAccount() throws IOException {
        HttpResponse<String> r = get("/orders/42", realm.batchToken(null));
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals(realm.batchServiceAccountId(), at.single("X-User-Id"), at::toString);
        assertEquals("service-account-orders-batch", at.single("X-User-Name"), at::toString);
        assertEquals("", at.single("X-User-Email"), "a service account has no email: sent empty, " + at);
        assertEquals("orders-batch", at.single("X-Client-Id"), at::toString);
        JsonNode clientRoles = KeycloakAdmin.JSON.readTree(at.single("X-User-Client-Roles"));
        assertTrue(contains(clientRoles.path("orders-api").path("roles"), "orders-write"), at::toString);
    }

    // ---- routes --------------------------------------------------------------------------------

    @Test
    @Order(3)
    void scopeRouteWantsTheRequestedClientScope() {
        HttpResponse<String> without = get("/orders/admin/purge", realm.batchToken(null));
        assertChallenge(without, 403, "insufficient_scope");
        assertEquals("orders:admin", challenge(without).param("scope"), () -> describe(without));
        assertEquals(0, backend.count(), "a rejected request never reaches the application");

        HttpResponse<String> with = get("/orders/admin/purge", realm.batchToken("orders:admin"));
        assertEquals(200, with.statusCode(), () -> describe(with));
        HttpResponse<String> user = get("/orders/admin/purge", realm.aliceToken("orders:admin"));
        assertEquals(200, user.statusCode(), () -> describe(user));
        assertEquals(2, backend.count());
    }

    @Test
    @Order(4)
    void roleRouteWantsTheRealmRole() {
        HttpResponse<String> without = get("/reports/monthly", realm.batchToken(null));
        assertChallenge(without, 403, "insufficient_scope");
        assertEquals(0, backend.count(), "a rejected request never reaches the application");

        HttpResponse<String> with = get("/reports/monthly", realm.aliceToken(null));
        assertEquals(200, with.statusCode(), () -> describe(with));
        assertEquals(1, backend.count());
    }

    @Test
    @Order(5)
    void tokenWithoutTheAudienceMapperIsRejected() {
        String token = realm.legacyToken();
        assertFalse(contains(part(token, 1).get("aud"), "orders-api"), "no audience mapper, no orders-api in aud");
        assertChallenge(get("/orders/42", token), 401, "invalid_token");
        assertEquals(0, backend.count());
    }

    // ---- introspection (RFC 7662), as Keycloak answers it ----------------------------------------

    /**
     * What token introspection would rely on, as Keycloak's endpoint answers a confidential client (orders-api)
     * authenticated either way RFC 6749 §2.3.1 allows: an active token with the fields RFC 7662 §2.2 lists, an
     * unknown token as {@code {"active": false}} and nothing else, a wrong secret as 401.
     */
    @Test
    @Order(6)
    void keycloakIntrospectionAnswersAsRfc7662Says() throws IOException {
        KeycloakAdmin admin = realm.admin();
        String path = "/realms/" + ExampleRealm.REALM + "/protocol/openid-connect/token/introspect";
        JsonNode discovery = admin.getPublic("/realms/" + ExampleRealm.REALM + "/.well-known/openid-configuration");
        assertEquals(keycloak.baseUrl() + path, discovery.path("introspection_endpoint").asText(), discovery::toString);
        String secret = realm.apiSecret();
        String token = realm.aliceToken("orders:admin");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (form("orders-api") + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = admin.postForm(path, Map.of("Authorization", basic),
                Map.of("token", token, "token_type_hint", "access_token"));
        assertEquals(200, r.statusCode(), r::body);
        JsonNode active = KeycloakAdmin.read(r.body());
        assertTrue(active.path("active").isBoolean() && active.path("active").asBoolean(), r::body);
        assertEquals(realm.issuer(), active.path("iss").asText(), r::body);
        assertEquals(realm.aliceId(), active.path("sub").asText(), r::body);
        assertEquals("alice", active.path("username").asText(), r::body);
        assertEquals("orders-web", active.path("client_id").asText(), r::body);
        assertTrue(List.of(active.path("scope").asText().split(" ")).contains("orders:admin"), r::body);
        assertTrue(contains(active.get("aud"), "orders-api"), r::body);
        assertTrue(active.path("exp").isIntegralNumber(), r::body);
        assertEquals(part(token, 1).path("exp").asLong(), active.path("exp").asLong(), r::body);

        HttpResponse<String> post = admin.postForm(path, Map.of(),
                Map.of("token", token, "client_id", "orders-api", "client_secret", secret));
        assertEquals(200, post.statusCode(), post::body);
        assertTrue(KeycloakAdmin.read(post.body()).path("active").asBoolean(), post::body);

        HttpResponse<String> unknown = admin.postForm(path, Map.of("Authorization", basic),
                Map.of("token", "opaque-" + Long.toHexString(System.nanoTime())));
        assertEquals(200, unknown.statusCode(), unknown::body);
        assertEquals(KeycloakAdmin.read("{\"active\":false}"), KeycloakAdmin.read(unknown.body()));

        HttpResponse<String> wrongSecret = admin.postForm(path, Map.of(),
                Map.of("token", token, "client_id", "orders-api", "client_secret", secret + "x"));
        assertEquals(401, wrongSecret.statusCode(), wrongSecret::body);
        System.out.println("KeycloakE2E introspection: active answer fields " + fieldNames(active));
    }

    /**
     * The verifier introspecting Keycloak's tokens at its real endpoint (docs/examples/keycloak/
     * jwt-verifier-introspection.yaml, merged into the deployed file and loaded by a JMX reload): a token is admitted
     * once Keycloak says it is active, and its answer remembered; after the user's sessions are logged out at
     * Keycloak, a token not seen before is refused {@code invalid_token} at once, and a remembered one as soon as
     * its answer is flushed. The file is then put back and reloaded, so the cases after this one see the deployment
     * as before.
     */
    @Test
    @Order(7)
    void verifierIntrospectsAtKeycloakAndALoggedOutSessionIsRefused() throws IOException {
        Path secret = TestConfig.writeFile("KeycloakE2E/orders-api.secret", realm.apiSecret() + "\n");
        ObjectName introspection = RemoteJmx.name(RemoteJmx.DOMAIN + ":type=Introspection,context="
                + RemoteJmx.CONTEXT + ",issuer=" + ObjectName.quote(realm.issuer()));
        withConfiguration(config -> {
            JsonNode documented = new YAMLMapper().readTree(Templates.render(
                    Templates.docsExample("keycloak/jwt-verifier-introspection.yaml"),
                    Map.of("KEYCLOAK_ISSUER", realm.issuer(), "SECRET_FILE", secret.toString())));
            ObjectNode issuer = (ObjectNode) config.get("issuers").get(0);
            documented.get("issuers").get(0).fields().forEachRemaining(e -> issuer.set(e.getKey(), e.getValue()));
        }, jmx -> {
            String seen = realm.aliceToken(null);
            String unseen = realm.aliceToken(null);
            HttpResponse<String> first = get("/orders/42", seen);
            assertEquals(200, first.statusCode(), () -> describe(first));
            assertEquals(200, get("/orders/42", seen).statusCode());
            assertEquals(1L, jmx.getLong(introspection, "Calls"), "the second request used the remembered answer");
            assertEquals(1L, jmx.getLong(introspection, "Hits"));

            realm.admin().create("/" + ExampleRealm.REALM + "/users/" + realm.aliceId() + "/logout", null);
            assertChallenge(get("/orders/42", unseen), 401, "invalid_token");
            assertEquals(200, get("/orders/42", seen).statusCode(), "remembered until maxTtl, or a flush");
            jmx.invoke(introspection, "flush");
            assertChallenge(get("/orders/42", seen), 401, "invalid_token");
            assertEquals(0L, jmx.getLong(introspection, "Failures"));
            System.out.println("KeycloakE2E introspection through the verifier: calls "
                    + jmx.getLong(introspection, "Calls") + ", hit ratio " + jmx.get(introspection, "HitRatio"));
        });
        backend.clear();
    }

    /**
     * Keycloak's back-channel logout (OpenID Connect Back-Channel Logout 1.0) revoking a session at the verifier:
     * the client orders-web gets {@code backchannel.logout.url} pointing at the verifier's
     * {@code /backchannel-logout}, the verifier accepts Keycloak's logout tokens for that client ({@code revocation.
     * backchannelLogout}, loaded by a JMX reload), and logging alice out at Keycloak makes her token, admitted a
     * moment before, {@code revoked} at the verifier, without introspection. Client and file are put back after.
     */
    @Test
    @Order(8)
    void keycloakBackchannelLogoutRevokesTheSessionAtTheVerifier() throws IOException {
        KeycloakAdmin admin = realm.admin();
        String clients = "/" + ExampleRealm.REALM + "/clients/";
        String web = admin.idOf("/" + ExampleRealm.REALM + "/clients?clientId=orders-web", "clientId", "orders-web");
        ObjectNode client = (ObjectNode) admin.get(clients + web);
        String before = client.toString();
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes")
                : client.putObject("attributes");
        attributes.put("backchannel.logout.url", "http://127.0.0.1:"
                + System.getProperty("jwtverifier.it.http.port", "18080") + "/jwt-verifier/backchannel-logout");
        attributes.put("backchannel.logout.session.required", "true");
        withConfiguration(config -> config.putObject("revocation").putArray("backchannelLogout").addObject()
                .put("issuer", realm.issuer()).put("clientId", "orders-web"), jmx -> {
            admin.put(clients + web, client.toString());
            try {
                String token = realm.aliceToken(null);
                HttpResponse<String> first = get("/orders/42", token);
                assertEquals(200, first.statusCode(), () -> describe(first));
                admin.create("/" + ExampleRealm.REALM + "/users/" + realm.aliceId() + "/logout", null);
                AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
                Await.until(Duration.ofSeconds(10), () -> {
                    last.set(get("/orders/42", token));
                    return last.get().statusCode() == 401;
                }, () -> "the logged-out session's token refused: " + describe(last.get()));
                assertChallenge(last.get(), 401, "invalid_token");
                assertTrue(jmx.getLong(RemoteJmx.revocations(), "SessionCount") >= 1);
            } finally {
                admin.put(clients + web, before);
            }
        });
        backend.clear();
    }

    /** A change to the deployed configuration file. */
    private interface ConfigurationEdit {
        void apply(ObjectNode config) throws IOException;
    }

    /** What a case does while its configuration is loaded. */
    private interface WithConfiguration {
        void run(RemoteJmx jmx) throws IOException;
    }

    /**
     * Runs {@code body} with the deployed file changed by {@code edit} and loaded by a JMX reload, then puts the file
     * back and reloads it, so that the cases after it see the deployment as before.
     */
    private static void withConfiguration(ConfigurationEdit edit, WithConfiguration body) throws IOException {
        Path file = TestConfig.workDir().resolve("KeycloakE2E/jwt-verifier.yaml");
        String deployed = Files.readString(file, StandardCharsets.UTF_8);
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode config = (ObjectNode) yaml.readTree(deployed);
        edit.apply(config);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            Files.writeString(file, yaml.writeValueAsString(config), StandardCharsets.UTF_8);
            try {
                reload(jmx);
                body.run(jmx);
            } finally {
                Files.writeString(file, deployed, StandardCharsets.UTF_8);
                reload(jmx);
            }
        }
    }

    private static void reload(RemoteJmx jmx) {
        String outcome = (String) jmx.invoke(RemoteJmx.configuration(), "reload");
        assertTrue(outcome.startsWith("reloaded"), outcome);
    }

    // ---- rotation and outage -------------------------------------------------------------------

    /**
     * Keycloak's rotation: a new {@code rsa-generated} key provider with a higher priority (it signs from then on),
     * the old one made passive (published, no longer signing), then deleted. A trickle of requests with a token of
     * each key runs throughout.
     */
    @Test
    @Order(9)
    void rotationTheKeycloakWayUnderATrickleOfRequests() {
        KeycloakAdmin admin = realm.admin();
        String components = "/" + ExampleRealm.REALM + "/components";
        String oldProvider = admin.idOf(components + "?type=org.keycloak.keys.KeyProvider", "name", "rsa-generated");
        String oldToken = realm.batchToken(null);
        String oldKid = part(oldToken, 0).get("kid").asText();

        Trickle trickle = new Trickle(oldToken);
        trickle.start();
        try {
            Await.pause(1500);
            String created = admin.create(components, Templates.render(Templates.docsExample("keycloak/key-provider-rsa.json"),
                    Map.of("NAME", "rotated", "PRIORITY", "200")));
            String newToken = realm.batchToken(null);
            assertNotNull(created, "Keycloak names the new provider");
            String newKid = part(newToken, 0).get("kid").asText();
            assertNotEquals(oldKid, newKid, "the provider with the higher priority signs new tokens");
            trickle.newToken.set(newToken);
            Await.pause(3000);

            ObjectNode passive = (ObjectNode) admin.get(components + "/" + oldProvider);
            ((ObjectNode) passive.get("config")).putArray("active").add("false");
            admin.put(components + "/" + oldProvider, passive.toString());
            assertTrue(kids(realm.jwks()).contains(oldKid), "a passive key is still published");
            assertNotEquals(oldKid, part(realm.batchToken(null), 0).get("kid").asText());
            trickle.phase.set("old key passive");
            Await.pause(4000);

            admin.delete(components + "/" + oldProvider);
            assertFalse(kids(realm.jwks()).contains(oldKid), "a deleted key is no longer published");
            trickle.phase.set("old key deleted");
            Duration pickUp = Await.until(Duration.ofSeconds(20), () -> trickle.lastOldStatus() == 401,
                    () -> "the old token is still admitted after its key was deleted: " + trickle.summary());
            Await.pause(2000);
            trickle.stop();
            System.out.printf("KeycloakE2E rotation: new key %s admitted from its first token; old key %s rejected "
                    + "%d ms after its deletion; %s%n", newKid, oldKid, pickUp.toMillis(), trickle.summary());

            List<Trickle.Answer> answers = trickle.answers();
            assertTrue(answers.stream().noneMatch(a -> a.status() >= 500), () -> "no 5xx: " + trickle.summary());
            assertTrue(answers.stream().filter(a -> !a.old()).allMatch(a -> a.status() == 200),
                    () -> "every new token admitted: " + trickle.summary());
            assertTrue(answers.stream().filter(a -> a.old() && !a.phase().equals("old key deleted"))
                    .allMatch(a -> a.status() == 200),
                    () -> "the old token admitted while its key is published: " + trickle.summary());
            boolean rejected = false;
            for (Trickle.Answer a : answers) {
                if (a.old() && a.status() == 401) {
                    rejected = true;
                } else if (a.old() && rejected) {
                    throw new AssertionError("the old token admitted again after a rejection: " + trickle.summary());
                }
            }
            assertTrue(answers.stream().filter(a -> !a.old()).count() >= 10, trickle::summary);
            assertChallenge(get("/orders/42", oldToken), 401, "invalid_token");
            assertEquals(200, get("/orders/42", realm.aliceToken(null)).statusCode(), "fresh tokens are admitted");
        } finally {
            trickle.stop();
        }
    }

    /** Keycloak stopped by its PID: tokens it issued before are still verified with the last good keys. */
    @Test
    @Order(10)
    void keycloakStoppedTheLastGoodKeysStillVerify() throws IOException {
        String seen = realm.aliceToken(null);
        String unseen = realm.batchToken(null);
        assertEquals(200, get("/orders/42", seen).statusCode());
        long pid = keycloak.pid();
        System.out.printf("KeycloakE2E: Keycloak resident memory before it is stopped: %d MiB%n",
                keycloak.rssKib() / 1024);
        keycloak.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Keycloak (pid " + pid + ") stopped");

        VerifierClient verifier = new VerifierClient();
        AtomicReference<JsonNode> ready = new AtomicReference<>();
        Await.until(Duration.ofSeconds(20), () -> {
            HttpResponse<String> r = verifier.get("/ready");
            ready.set(KeycloakAdmin.read(r.body()));
            JsonNode issuer = ready.get().path("issuers").path(0);
            return r.statusCode() == 200 && issuer.path("stale").asBoolean() && issuer.hasNonNull("lastError");
        }, () -> "/ready should report usable, stale keys and the fetch error: " + ready.get());
        JsonNode issuer = ready.get().path("issuers").path(0);
        assertTrue(issuer.path("usable").asBoolean(), issuer::toString);
        System.out.println("KeycloakE2E outage: /ready " + ready.get());

        HttpResponse<String> cached = get("/orders/42", seen);
        assertEquals(200, cached.statusCode(), () -> describe(cached));
        HttpResponse<String> fresh = get("/orders/42", unseen);
        assertEquals(200, fresh.statusCode(), () -> "a token never seen before, verified with the last good keys: "
                + describe(fresh));
        List<RecordingServer.Received> received = backend.requests();
        assertEquals(realm.batchServiceAccountId(), received.get(received.size() - 1).single("X-User-Id"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Requests through Caddy, one with each token, every 100 ms; records every answer. */
    private final class Trickle {
        record Answer(String phase, boolean old, int status, String challenge) {
        }

        final String oldToken;
        final AtomicReference<String> newToken = new AtomicReference<>();
        final AtomicReference<String> phase = new AtomicReference<>("new key added");
        final List<Answer> answers = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(this::run, "keycloak-trickle");

        Trickle(String oldToken) {
            this.oldToken = oldToken;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (running.get() && Instant.now().isBefore(deadline)) {
                send(true, oldToken);
                String fresh = newToken.get();
                if (fresh != null) {
                    send(false, fresh);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void send(boolean old, String token) {
            String p = phase.get();
            HttpResponse<String> r;
            try {
                r = get("/orders/42", token);
            } catch (RuntimeException e) {
                answers.add(new Answer(p, old, 599, e.toString()));
                return;
            }
            answers.add(new Answer(p, old, r.statusCode(), r.headers().firstValue("WWW-Authenticate").orElse("")));
        }

        int lastOldStatus() {
            for (int i = answers.size() - 1; i >= 0; i--) {
                if (answers.get(i).old() && answers.get(i).phase().equals("old key deleted")) {
                    return answers.get(i).status();
                }
            }
            return 0;
        }

        List<Answer> answers() {
            return new ArrayList<>(answers);
        }

        void stop() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String summary() {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (Answer a : answers()) {
                counts.merge(a.phase() + " / " + (a.old() ? "old" : "new") + " token / " + a.status()
                        + (a.status() == 200 ? "" : " " + a.challenge()), 1, Integer::sum);
            }
            return counts.toString();
        }
    }

    private void startCaddy() {
        Path binary = ExternalServer.requireBinary("caddy", "caddy");
        int port = LoopbackPorts.free();
        Path dir = Templates.workDir("keycloak/caddy");
        String verifier = "127.0.0.1:" + System.getProperty("jwtverifier.it.http.port", "18080");
        Path site = Templates.write(dir.resolve("site.caddyfile"), Templates.render(
                Templates.docsExample("keycloak/Caddyfile"),
                Map.of("SITE_ADDRESS", "http://:" + port, "VERIFIER", verifier, "BACKEND", backend.hostPort())));
        // Only what a test run needs around the documented site: no admin endpoint, no certificates, loopback.
        Path caddyfile = Templates.write(dir.resolve("Caddyfile"), """
                {
                	admin off
                	auto_https off
                	default_bind 127.0.0.1
                }
                import %s
                """.formatted(site));
        caddy = closeAfterAll.add(ExternalServer.start("caddy-keycloak",
                List.of(binary.toString(), "run", "--config", caddyfile.toString(), "--adapter", "caddyfile"),
                dir, dir.resolve("logs"), Map.of("HOME", dir.toString(),
                        "XDG_DATA_HOME", dir.resolve("data").toString(),
                        "XDG_CONFIG_HOME", dir.resolve("config").toString()),
                port, Duration.ofSeconds(20)));
        caddyUrl = "http://127.0.0.1:" + port;
    }

    /** The verifier fetches the realm's keys by discovery on its first request: wait until it admits. */
    private static void awaitAdmitting(String token) {
        VerifierClient client = new VerifierClient();
        AtomicReference<String> last = new AtomicReference<>("none");
        Await.until(Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<String> r = client.verify(token);
                last.set(r.statusCode() + " " + r.headers().map());
                return r.statusCode() == 200;
            } catch (RuntimeException notYet) {
                last.set(notYet.toString());
                return false;
            }
        }, () -> "the verifier did not admit a Keycloak token; last answer " + last.get());
    }

    private HttpResponse<String> get(String uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(caddyUrl + uri))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertChallenge(HttpResponse<String> r, int status, String error) {
        assertEquals(status, r.statusCode(), () -> describe(r));
        Challenge c = challenge(r);
        assertEquals("Bearer", c.scheme(), () -> describe(r));
        assertEquals("orders-api", c.param("realm"), () -> describe(r));
        assertEquals(error, c.param("error"), () -> describe(r));
    }

    private static Challenge challenge(HttpResponse<String> r) {
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        assertEquals(1, challenges.size(), () -> "exactly one WWW-Authenticate: " + describe(r));
        return Challenge.parse(challenges.get(0));
    }

    private static String describe(HttpResponse<String> r) {
        return "HTTP " + r.statusCode() + " " + r.headers().map() + " body=" + r.body();
    }

    /** The decoded header (0) or claims (1) of a compact JWS, read as Keycloak wrote them. */
    private static JsonNode part(String token, int index) {
        byte[] json = Base64.getUrlDecoder().decode(token.split("\\.")[index]);
        return KeycloakAdmin.read(new String(json, StandardCharsets.UTF_8));
    }

    private static boolean contains(JsonNode arrayOrText, String value) {
        if (arrayOrText == null) {
            return false;
        }
        if (arrayOrText.isTextual()) {
            return arrayOrText.asText().equals(value);
        }
        for (JsonNode n : arrayOrText) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 wants client id and secret before Basic encoding. */
    private static String form(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> kids(JsonNode jwks) {
        List<String> kids = new ArrayList<>();
        for (JsonNode k : (ArrayNode) jwks.get("keys")) {
            kids.add(k.path("kid").asText());
        }
        return kids;
    }
}
