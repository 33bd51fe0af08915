package org.jwtverifier.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Blocking;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.Rfc8187;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases every forward-auth proxy must pass with the real verifier behind it. A subclass starts one real proxy
 * (from the documented configuration under {@code docs/examples/}) three times:
 * <ul>
 *   <li>{@code main}: the deployed verifier on Tomcat, and {@link #backend} as the application;</li>
 *   <li>{@code tap}: a stand-in verifier reading the raw bytes (answers 200 and identity headers), to show exactly
 *       what the proxy sends to the verifier, unannounced body bytes included;</li>
 *   <li>{@code down}: a closed port as the verifier;</li>
 *   <li>{@code absent}: a verifier address that answers 404 to everything, as Tomcat does when the deployment of
 *       jwt-verifier failed.</li>
 * </ul>
 * Every case's client answer and what the application received are appended to
 * {@code target/e2e/<proxy>/observations.txt}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ForwardAuthProxyCases {

    /** A started proxy instance. */
    record Instance(ExternalServer server, String baseUrl) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    static E2eVerifier verifier;
    static RecordingServer backend;
    static RawAuthStub authStub;
    static RawAuthStub notDeployed;
    static Instance main;
    static Instance tap;
    static Instance down;
    static Instance absent;
    private static Path observations;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private String currentCase;
    private final Traits proxy;

    /**
     * Where the documented configurations of the proxies answer differently; the cases hold each proxy to its own.
     *
     * @param name                          for logs and folders: caddy, nginx
     * @param unreachableVerifierStatus     the status the client gets when nothing listens at the verifier's address
     * @param notDeployedVerifierStatus     the status the client gets when the verifier's address answers 404 (the
     *                                      deployment failed)
     * @param notDeployedVerifierLogLine    what the proxy's own log says then (the documented configuration makes
     *                                      the proxy say it)
     * @param forwardsClientQuery           whether the auth request carries the client's query after the configured
     *                                      path (Caddy) or the configured path alone (nginx)
     * @param emptyIdentityAtBackend        the identity header value the application sees when the verifier sent it
     *                                      empty: Caddy passes the empty header, nginx (proxy_set_header with an empty
     *                                      value) sends none (null). Either way never the client's copy
     * @param passesUnlistedIdentityHeaders whether a client-sent {@code X-User-Role}, a name the verifier does not
     *                                      send, reaches the application: Caddy's example deletes every
     *                                      {@code X-User-*} header, nginx has no wildcard and passes it
     * @param answersDuplicateAuthorization whether the proxy itself answers a request with two {@code Authorization}
     *                                      headers (nginx: 400, its HTML page) instead of passing both to the
     *                                      verifier (Caddy), which answers 400 invalid_request
     */
    record Traits(String name, int unreachableVerifierStatus, int notDeployedVerifierStatus,
                  String notDeployedVerifierLogLine, boolean forwardsClientQuery, String emptyIdentityAtBackend,
                  boolean passesUnlistedIdentityHeaders, boolean answersDuplicateAuthorization) {
    }

    ForwardAuthProxyCases(Traits proxy) {
        this.proxy = proxy;
    }

    /**
     * The verifier every proxy is put in front of (Arquillian finds this in the subclass's superclasses). Proxy
     * classes run one after the other, each deploying afresh, so they share the configuration file's folder.
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        verifier = E2eVerifier.create("ForwardAuthProxyCases");
        return verifier.war();
    }

    /** Starts the documented configuration of this proxy with the placeholders filled in. */
    abstract Instance startProxy(String instance, String verifierHostPort, String backendHostPort);

    /**
     * What one instance of the proxy runs from: its binary, a free loopback port, its folder
     * {@code target/e2e/<proxy>/<instance>/} and, in it, the documented example with the placeholders filled in.
     */
    record ProxyFiles(Path binary, int port, Path dir, Path site) {
    }

    /**
     * Renders {@code docs/examples/<example>} into {@code siteFile} of the instance's folder, with the verifier's
     * and the application's addresses and the address to listen on: {@code listenKey} set to {@code listen} of
     * the port chosen.
     */
    ProxyFiles documentedExample(String instance, String example, String siteFile, String listenKey,
                                 IntFunction<String> listen, String verifierHostPort, String backendHostPort) {
        Path binary = ExternalServer.requireBinary(proxy.name(), proxy.name());
        int port = LoopbackPorts.free();
        Path dir = Templates.workDir(proxy.name() + "/" + instance);
        Path site = Templates.write(dir.resolve(siteFile), Templates.render(Templates.docsExample(example),
                Map.of(listenKey, listen.apply(port), "VERIFIER", verifierHostPort, "BACKEND", backendHostPort)));
        return new ProxyFiles(binary, port, dir, site);
    }

    /** Runs {@code command} in the instance's folder and waits (up to 20 s) until the proxy listens. */
    Instance run(String instance, ProxyFiles files, List<String> command, Path logs, Map<String, String> env) {
        ExternalServer server = ExternalServer.start(proxy.name() + "-" + instance, command, files.dir(), logs, env,
                files.port(), Duration.ofSeconds(20));
        return new Instance(server, "http://127.0.0.1:" + files.port());
    }

    @BeforeEach
    void startOnce(TestInfo info) throws IOException {
        currentCase = info.getTestMethod().map(m -> m.getName()).orElse("?");
        if (main == null) {
            observations = Templates.workDir(proxy.name()).resolve("observations.txt");
            Files.writeString(observations, "# " + proxy.name()
                    + ": what the client got, what the application received\n", StandardCharsets.UTF_8);
            verifier.awaitAdmitting();
            backend = RecordingServer.backend(proxy.name() + "-backend");
            authStub = RawAuthStub.start(Map.of("X-User-Id", "stub-user", "X-User-Email", "stub@example.com",
                    "X-User-Groups", "[\"stub\"]"));
            main = startProxy("main", E2eVerifier.hostPort(), backend.hostPort());
            tap = startProxy("tap", authStub.hostPort(), backend.hostPort());
            down = startProxy("down", "127.0.0.1:" + LoopbackPorts.free(), backend.hostPort());
            notDeployed = RawAuthStub.notDeployed();
            absent = startProxy("absent", notDeployed.hostPort(), backend.hostPort());
        }
        backend.clear();
        authStub.clear();
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable c : new AutoCloseable[]{main, tap, down, absent, backend, authStub, notDeployed, verifier}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
        main = tap = down = absent = null;
        backend = null;
        authStub = notDeployed = null;
        verifier = null;
    }

    // ---- the cases -------------------------------------------------------------------------------

    @Test
    void noTokenGets401WithTheChallengeAndTheApplicationNothing() {
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.of(), null);
        assertEquals(401, r.statusCode(), () -> describe(r));
        assertEquals(List.of("Bearer realm=\"jwt-verifier\""), r.headers().allValues("WWW-Authenticate"),
                () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void validTokenReachesTheApplicationWithTheIdentityFromTheToken() {
        String token = verifier.valid("alice", "alice@example.com");
        HttpResponse<String> r = send(main, "POST", "/api/orders?draft=1",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"), "{\"item\":42}");
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("POST", at.method());
        assertEquals("/api/orders?draft=1", at.uri());
        assertEquals("{\"item\":42}", at.bodyText(), "the application gets the body the verifier never saw");
        assertEquals("alice", at.single("X-User-Id"), at::toString);
        assertEquals("alice@example.com", at.single("X-User-Email"), at::toString);
    }

    @Test
    void clientForgedIdentityHeadersNeverReachTheApplication() {
        String token = verifier.valid("alice", "alice@example.com");
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.of("Authorization", "Bearer " + token,
                "X-User-Id", "mallory", "X-User-Email", "mallory@example.com"), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("alice", at.single("X-User-Id"), at::toString);
        assertEquals("alice@example.com", at.single("X-User-Email"), at::toString);
    }

    @Test
    void clientForgedForwardingHeadersNeverReachTheApplication() {
        // An application behind the proxy may log, rate-limit or build links from these: it must get the proxy's
        // values, or none, never the client's.
        String token = verifier.valid("alice", "alice@example.com");
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.ofEntries(
                Map.entry("Authorization", "Bearer " + token),
                Map.entry("X-Forwarded-For", "198.51.100.66"),
                Map.entry("X-Forwarded-Host", "forged.example.com"),
                Map.entry("X-Forwarded-Proto", "https"),
                Map.entry("X-Forwarded-Port", "8443"),
                Map.entry("X-Forwarded-Prefix", "/forged"),
                Map.entry("X-Forwarded-Uri", "/public/forged"),
                Map.entry("X-Forwarded-Method", "DELETE"),
                Map.entry("Forwarded", "for=198.51.100.66;host=forged.example.com;proto=https"),
                Map.entry("X-Real-IP", "198.51.100.66"),
                Map.entry("X-User-Role", "admin")), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        observe("application received from " + proxy.name() + ": " + at);
        assertEquals("alice", at.single("X-User-Id"), at::toString);
        assertEquals("127.0.0.1", at.single("X-Forwarded-For"), at::toString);
        assertEquals(main.baseUrl().substring("http://".length()), at.single("X-Forwarded-Host"), at::toString);
        assertEquals("http", at.single("X-Forwarded-Proto"), at::toString);
        for (String gone : List.of("X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Uri", "X-Forwarded-Method",
                "Forwarded", "X-Real-IP")) {
            assertNull(at.single(gone), () -> gone + " reached the application: " + at);
        }
        assertEquals(proxy.passesUnlistedIdentityHeaders() ? "admin" : null, at.single("X-User-Role"), at::toString);
    }

    @Test
    void tokenOverMaxTokenBytesPassesTheProxyAndGets400InvalidRequestFromTheVerifier() {
        // 9000 bytes: over the verifier's maxTokenBytes (8192), over what nginx's default header buffers hold (8168),
        // within the buffers of the nginx example and Tomcat's maxHttpHeaderSize (16 KiB).
        String token = "a".repeat(9000);
        HttpResponse<String> r = sendBearer(main, "GET", "/api/things", token);
        assertChallenge(r, 400, "invalid_request");
        assertBackendUntouched();
    }

    @Test
    void twoAuthorizationHeadersGet400AndTheApplicationNothing() {
        String token = verifier.valid("alice", "alice@example.com");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(main.baseUrl() + "/api/things"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + verifier.valid("mallory", null));
        HttpResponse<String> r = exchange(b);
        if (proxy.answersDuplicateAuthorization()) {
            assertEquals(400, r.statusCode(), () -> describe(r));
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), () -> describe(r));
            assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty(), () -> describe(r));
            // ... and the verifier never saw it: the same request through the stand-in verifier reaches nothing.
            HttpResponse<String> viaTap = exchange(HttpRequest.newBuilder(URI.create(tap.baseUrl() + "/api/things"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer one").header("Authorization", "Bearer two"));
            assertEquals(400, viaTap.statusCode(), () -> describe(viaTap));
            assertEquals(0, authStub.count(), "the verifier was asked");
        } else {
            assertChallenge(r, 400, "invalid_request");
        }
        assertBackendUntouched();
    }

    @Test
    void forgedHeaderForAClaimTheTokenLacksNeverReachesTheApplication() {
        String token = verifier.valid("service-7", null);
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.of("Authorization", "Bearer " + token,
                "X-User-Id", "mallory", "X-User-Email", "mallory@example.com"), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("service-7", at.single("X-User-Id"), at::toString);
        assertEquals(proxy.emptyIdentityAtBackend(), at.single("X-User-Email"),
                () -> "the email header must be empty or absent, never the client's nor a placeholder: " + at);
    }

    @Test
    void emailWithALeadingSpaceNeverReachesTheApplicationAsTheVictimsAddress() {
        // The proxy and the application's HTTP parser both strip whitespace around a header value (RFC 9110 §5.5):
        // sent as is, " victim@example.test" would arrive as the victim's address.
        for (String claim : List.of(" victim@example.test", "victim@example.test ", "   ")) {
            backend.clear();
            String token = verifier.withClaims("mallory", Map.of("email", claim));
            HttpResponse<String> r = sendBearer(main, "GET", "/api/things", token);
            assertEquals(200, r.statusCode(), () -> describe(r));
            RecordingServer.Received at = backend.only();
            String email = at.single("X-User-Email");
            assertNotEquals("victim@example.test", email, at::toString);
            assertEquals(Rfc8187.encode(claim), email, at::toString);
            assertEquals(claim, Rfc8187.decode(email), at::toString);
        }
    }

    @Test
    void groupsClaimArrivesAsTheDocumentedJsonAndAForgedCopyNever() throws IOException {
        List<String> groups = List.of("ops", "on call, EU", "J\u00fcrgen");
        String token = verifier.withClaims("alice", Map.of("groups", groups));
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.of("Authorization", "Bearer " + token,
                "X-User-Groups", "[\"admin\"]"), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("[\"ops\",\"on call, EU\",\"J\\u00FCrgen\"]", at.single("X-User-Groups"), at::toString);
        assertEquals(groups, JSON.readValue(at.single("X-User-Groups"), List.class));

        backend.clear();
        String none = verifier.valid("bob", "bob@example.com");
        send(main, "GET", "/api/things", Map.of("Authorization", "Bearer " + none, "X-User-Groups", "[\"admin\"]"),
                null);
        assertEquals(proxy.emptyIdentityAtBackend(), backend.only().single("X-User-Groups"), backend.only()::toString);
    }

    @Test
    void emailClaimThatIsAnObjectNeverReachesTheApplicationAsJson() {
        String token = verifier.withClaims("mallory", Map.of("email", Map.of("addr", "admin@example.test")));
        HttpResponse<String> r = send(main, "GET", "/api/things", Map.of("Authorization", "Bearer " + token,
                "X-User-Email", "admin@example.test"), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("mallory", at.single("X-User-Id"), at::toString);
        assertEquals(proxy.emptyIdentityAtBackend(), at.single("X-User-Email"), at::toString);
    }

    @Test
    void claimThatLooksLikeAProxyPlaceholderOrVariableArrivesVerbatim() {
        // Caddy copies the header through a placeholder and nginx through a variable: neither may expand the value.
        String claim = "{http.request.header.Authorization}$http_authorization";
        String token = verifier.withClaims("mallory", Map.of("email", claim));
        HttpResponse<String> r = sendBearer(main, "GET", "/api/things", token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals(claim, at.single("X-User-Email"), at::toString);
    }

    @Test
    void expiredTokenGets401InvalidToken() {
        assertApiRequestRejectedBeforeTheApplication(verifier.expired("alice"), 401, "invalid_token");
    }

    @Test
    void wrongAudienceGets401InvalidToken() {
        assertApiRequestRejectedBeforeTheApplication(verifier.withAudience("alice", "other-api.example.com"), 401,
                "invalid_token");
    }

    @Test
    void missingScopeGets403InsufficientScopeWithTheScope() {
        String token = verifier.withScope("alice", "read write");
        HttpResponse<String> r = sendBearer(main, "DELETE", "/admin/users/7", token);
        Challenge c = assertChallenge(r, 403, "insufficient_scope");
        assertEquals("admin", c.param("scope"), () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void requiredScopeIsAdmitted() {
        String token = verifier.withScope("alice", "read admin");
        HttpResponse<String> r = sendBearer(main, "DELETE", "/admin/users/7", token);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals("alice", backend.only().single("X-User-Id"));
    }

    @Test
    void deniedRouteGets403WithoutChallenge() {
        String token = verifier.withScope("alice", "admin");
        HttpResponse<String> r = sendBearer(main, "GET", "/internal/metrics", token);
        assertEquals(403, r.statusCode(), () -> describe(r));
        assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty(), () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void publicPathIsServedWithoutTokenAndWithoutTheClientsIdentity() {
        HttpResponse<String> r = send(main, "GET", "/public/logo.png", Map.of("X-User-Id", "mallory"), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received at = backend.only();
        assertEquals("/public/logo.png", at.uri());
        assertEquals(proxy.emptyIdentityAtBackend(), at.single("X-User-Id"), at::toString);
    }

    @Test
    void dotSegmentsCannotDressAProtectedPathAsPublic() {
        // The verifier matches the normalised path: /public/%2e%2e/admin is /admin.
        HttpResponse<String> r = send(main, "GET", "/public/%2e%2e/admin/users", Map.of(), null);
        assertEquals(401, r.statusCode(), () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void queryTokenOnARouteThatEnablesIt() {
        String token = verifier.valid("bob", "bob@example.com");
        HttpResponse<String> r = send(main, "GET", "/downloads/report.pdf?access_token=" + token, Map.of(), null);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals("bob", backend.only().single("X-User-Id"));
    }

    @Test
    void queryTokenIsIgnoredWhereTheRouteDoesNotEnableIt() {
        String token = verifier.valid("bob", "bob@example.com");
        HttpResponse<String> r = send(main, "GET", "/api/things?access_token=" + token, Map.of(), null);
        assertEquals(401, r.statusCode(), () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void tokenInTwoPlacesGets400InvalidRequest() {
        String token = verifier.valid("bob", "bob@example.com");
        HttpResponse<String> r = send(main, "GET", "/downloads/report.pdf?access_token=" + token,
                Map.of("Authorization", "Bearer " + token), null);
        assertChallenge(r, 400, "invalid_request");
        assertBackendUntouched();
    }

    @Test
    void keysUnavailableGets503WithRetryAfter() {
        String token = verifier.fromUnreachableIssuer("carol");
        HttpResponse<String> r = sendBearer(main, "GET", "/api/things", token);
        assertEquals(503, r.statusCode(), () -> describe(r));
        assertEquals(List.of("5"), r.headers().allValues("Retry-After"), () -> describe(r));
        assertBackendUntouched();
    }

    @Test
    void verifierUnreachableFailsClosed() {
        assertFailsClosed(down, proxy.unreachableVerifierStatus());
    }

    /**
     * A Tomcat whose jwt-verifier deployment failed answers 404 on every path. The documented configuration turns
     * that into an error of the proxy's own (not a 404 the client might take for a missing page), public paths
     * included, and logs it.
     */
    @Test
    void verifierThatIsNotDeployedFailsClosedAndLoud() throws IOException {
        assertFailsClosed(absent, proxy.notDeployedVerifierStatus());
        Path logs = Templates.workDir(proxy.name() + "/absent").resolve("logs");
        Await.until(Duration.ofSeconds(5), () -> proxyLogs(logs).contains(proxy.notDeployedVerifierLogLine()),
                () -> "the proxy's log does not say '" + proxy.notDeployedVerifierLogLine() + "': "
                        + absent.server().logs());
    }

    private static String proxyLogs(Path dir) {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Test
    void authRequestIsAGetWithoutBodyCarryingTheOriginalRequestInForwardedHeaders() {
        String body = "x".repeat(10_000);
        HttpResponse<String> r = send(tap, "PUT", "/api/files/7?mode=replace&n=1", Map.of(
                "Authorization", "Bearer opaque-for-the-stub",
                "Cookie", "session=abc",
                "Content-Type", "application/octet-stream",
                "X-Forwarded-Uri", "/public/forged",
                "X-Forwarded-Method", "GET",
                "X-Forwarded-Host", "forged.example.com",
                "X-Forwarded-For", "198.51.100.66"), body);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received auth = authStub.only();
        assertEquals("GET", auth.method(), auth::toString);
        assertEquals("/jwt-verifier/verify" + (proxy.forwardsClientQuery() ? "?mode=replace&n=1" : ""), auth.uri(),
                auth::toString);
        assertEquals(0, auth.body().length, () -> "the auth request carried (part of) the client's body: " + auth);
        assertNull(auth.single("Transfer-Encoding"), auth::toString);
        String contentLength = auth.single("Content-Length");
        assertTrue(contentLength == null || contentLength.equals("0"), auth::toString);
        assertEquals("Bearer opaque-for-the-stub", auth.single("Authorization"), auth::toString);
        assertEquals("session=abc", auth.single("Cookie"), auth::toString);
        assertEquals("PUT", auth.single("X-Forwarded-Method"), auth::toString);
        assertEquals("/api/files/7?mode=replace&n=1", auth.single("X-Forwarded-Uri"), auth::toString);
        assertEquals("http", auth.single("X-Forwarded-Proto"), auth::toString);
        assertEquals(tap.baseUrl().substring("http://".length()), auth.single("X-Forwarded-Host"), auth::toString);
        assertEquals("127.0.0.1", auth.single("X-Forwarded-For"), auth::toString);
        // ... and the application got the body, and the stand-in's identity.
        RecordingServer.Received at = backend.only();
        assertEquals(body, at.bodyText());
        assertEquals("stub-user", at.single("X-User-Id"), at::toString);
        observe("auth request as sent by " + proxy.name() + ": " + auth);
    }

    @Test
    void chunkedBodyIsNotPassedToTheAuthRequestEither() {
        byte[] body = "y".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tap.baseUrl() + "/api/upload"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer opaque-for-the-stub")
                // unknown length: sent with Transfer-Encoding: chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        HttpResponse<String> r = exchange(b);
        assertEquals(200, r.statusCode(), () -> describe(r));
        RecordingServer.Received auth = authStub.only();
        assertEquals(0, auth.body().length, auth::toString);
        assertNull(auth.single("Transfer-Encoding"), auth::toString);
        assertEquals(body.length, backend.only().body().length);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    HttpResponse<String> send(Instance to, String method, String uri, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to.baseUrl() + uri))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return exchange(b);
    }

    HttpResponse<String> sendBearer(Instance to, String method, String uri, String token) {
        return send(to, method, uri, Map.of("Authorization", "Bearer " + token), null);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder b) {
        HttpResponse<String> r = Blocking.unchecked(() -> http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        observe(r);
        return r;
    }

    private Challenge assertChallenge(HttpResponse<String> r, int status, String error) {
        assertEquals(status, r.statusCode(), () -> describe(r));
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        assertEquals(1, challenges.size(), () -> "exactly one WWW-Authenticate: " + describe(r));
        Challenge c = Challenge.parse(challenges.get(0));
        assertEquals("Bearer", c.scheme(), () -> describe(r));
        assertEquals("jwt-verifier", c.param("realm"), () -> describe(r));
        assertEquals(error, c.param("error"), () -> describe(r));
        return c;
    }

    /** GET /api/things with {@code token} is answered with this challenge, and the application sees nothing. */
    private void assertApiRequestRejectedBeforeTheApplication(String token, int status, String error) {
        HttpResponse<String> r = sendBearer(main, "GET", "/api/things", token);
        assertChallenge(r, status, error);
        assertBackendUntouched();
    }

    /** A valid token and a public path alike get {@code status} from {@code proxy}, and the application nothing. */
    private void assertFailsClosed(Instance proxy, int status) {
        HttpResponse<String> r = sendBearer(proxy, "GET", "/api/things", verifier.valid("alice", "alice@example.com"));
        assertEquals(status, r.statusCode(), () -> describe(r));
        HttpResponse<String> publicPath = send(proxy, "GET", "/public/logo.png", Map.of(), null);
        assertEquals(status, publicPath.statusCode(), () -> describe(publicPath));
        assertBackendUntouched();
    }

    private void assertBackendUntouched() {
        assertEquals(0, backend.count(), () -> "the application received " + backend.requests());
    }

    static String describe(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        return "HTTP " + r.statusCode() + " " + r.headers().map() + " body="
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    private void observe(HttpResponse<String> r) {
        String at = backend.requests().isEmpty() ? "nothing" : backend.requests().get(backend.count() - 1)
                .headers().entrySet().stream()
                .filter(e -> e.getKey().toLowerCase().startsWith("x-user"))
                .map(Object::toString).toList().toString();
        observe(r.request().method() + " " + r.request().uri().getRawPath() + " -> " + r.statusCode()
                + " WWW-Authenticate=" + r.headers().allValues("WWW-Authenticate")
                + " Retry-After=" + r.headers().allValues("Retry-After") + "; application received " + at);
    }

    private void observe(String line) {
        try {
            Files.writeString(observations, currentCase + ": " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
