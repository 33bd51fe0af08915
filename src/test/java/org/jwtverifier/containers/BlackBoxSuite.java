package org.jwtverifier.containers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.jwtverifier.e2e.RawHttpConnection;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.AttackerServer;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.MetricsText;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.Tokens;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.assertNoTokenChallenge;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * The verifier as a proxy and an operator see it, on any container: only HTTP to {@code /jwt-verifier} and the
 * container's JMX connector, never anything of the container's insides. One container start serves the class;
 * a subclass names the container ({@link #container}). The checks: admit and reject, RFC 6750 challenges and
 * identity headers ({@link VerifyCases}), hostile tokens answered 4xx and never 5xx ({@link HostileTokenCases}),
 * keys that change at the IdP ({@link KeyRotationCases}), an IdP outage served from the last good keys ({@link KeyOutageCases}), a
 * flood of unknown kids that does not hammer the IdP ({@link UnknownKidFloodCases}), the metrics exposition
 * agreeing with the JMX counters, JMX administration with the read-write and the read-only role
 * ({@link JmxAdministrationCases}), and, last, redeploys that leave no thread, MBean or class of the WAR behind.
 * The steps run in {@link Order} order: each case's issuers are its own, but /ready and the counters are shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BlackBoxSuite implements VerifyCases, HostileTokenCases {
    /** Undeploy/redeploy cycles; {@code -Djwtverifier.it.redeploys=10} for the full count. */
    static final int REDEPLOYS = Integer.getInteger("jwtverifier.it.redeploys", 3);

    TestIdp idp;
    AttackerServer attacker;
    KeyRotationCases rotation;
    KeyOutageCases outage;
    UnknownKidFloodCases flood;
    JmxAdministrationCases administration;
    ServletContainer container;
    VerifierClient client;

    /** A fresh container named {@code name}, configured by {@code configFile}, not started. */
    abstract ServletContainer container(String name, Path configFile);

    @BeforeAll
    void start() {
        String name = getClass().getSimpleName();
        idp = TestIdp.start("https://idp.example.com");
        // An RSA JWK whose modulus is not base64url, and a key type nobody knows: skipped, the rest kept.
        idp.addRawJwk("{\"kty\":\"RSA\",\"kid\":\"broken-1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"***\",\"e\":\"AQAB\"}");
        idp.addRawJwk("{\"kty\":\"XYZ\",\"kid\":\"unknown-kty\",\"use\":\"sig\"}");
        attacker = AttackerServer.start();
        TestConfig config = TestConfig.create()
                .freshKeyStore(name)
                .maxTokenBytes(MAX_TOKEN_BYTES)
                .issuerAllowingTestIdpAlgorithms(idp, AUDIENCE);
        rotation = new KeyRotationCases(config);
        outage = new KeyOutageCases(config);
        flood = new UnknownKidFloodCases(config);
        List<String> issuers = new ArrayList<>(List.of(idp.issuer()));
        issuers.addAll(rotation.issuers());
        issuers.addAll(outage.issuers());
        issuers.add(flood.issuer());
        administration = new JmxAdministrationCases(config, issuers);
        container = container(name, config.write(name));
        Duration took = container.start();
        System.out.printf("%s: started with the verifier answering /health in %d ms (JVM pid %d)%n",
                container.name(), took.toMillis(), container.pid());
        client = container.client();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{container, administration, flood, outage, rotation, attacker, idp}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.out.println("closing " + c + ": " + e);
            }
        }
    }

    @Override
    public VerifierClient client() {
        return client;
    }

    @Override
    public TestIdp idp() {
        return idp;
    }

    @Override
    public AttackerServer attacker() {
        return attacker;
    }

    private String valid() {
        return Tokens.sign(idp.key(Alg.RS256), Tokens.validClaims(idp.issuer(), AUDIENCE, "alice"));
    }

    // ---- liveness, readiness ---------------------------------------------------------------------

    /**
     * Nothing answers on the machine's other addresses: HTTP and JMX are bound to 127.0.0.1 as the shipped files
     * say (a property the container does not read would leave it on every interface).
     */
    @Test
    @Order(1)
    void listensOnLoopbackOnly() throws Exception {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).forEach(others::add);
            }
        }
        assertFalse(others.isEmpty(), "this check needs an IPv4 address besides loopback on the test machine");
        for (int port : container.listeningPorts()) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            for (InetAddress other : others) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other, port), 2000);
                    fail(container.name() + " answers on " + other.getHostAddress() + ":" + port);
                } catch (IOException refused) {
                    // as it should be
                }
            }
        }
    }

    // ---- admit -----------------------------------------------------------------------------------

    @Test
    @Order(2)
    void everyMethodIsAnsweredAlike() {
        String token = idp.mint(Alg.RS256, AUDIENCE, "method-user", "m@example.com");
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")) {
            assertAdmitted(client.send(client.request("/verify").header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.noBody())), "method-user", "m@example.com");
            HttpResponse<String> rejected = client.send(client.request("/verify")
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertNoTokenChallenge(rejected);
        }
    }

    // ---- reject ----------------------------------------------------------------------------------

    // ---- hostile tokens: 4xx, never 5xx, never echoed --------------------------------------------

    // ---- keys that change at the IdP -------------------------------------------------------------

    @Test
    @Order(3)
    void newKeyIsAcceptedWithoutRestartAndARemovedKeyStopsVerifyingEvenWhenCached() {
        rotation.newKeyIsAcceptedWithoutRestartAndARemovedKeyStopsVerifyingEvenWhenCached(container);
    }

    @Test
    @Order(3)
    void keyDroppedAtTheIdpIsRejectedAfterTheRegularRefreshEvenWhenCached() {
        rotation.keyDroppedAtTheIdpIsRejectedAfterTheRegularRefreshEvenWhenCached(container);
    }

    @Test
    @Order(3)
    void keyMaterialReplacedUnderTheSameKidIsRejectedAfterTheRegularRefreshEvenWhenCached() {
        rotation.keyMaterialReplacedUnderTheSameKidIsRejectedAfterTheRegularRefreshEvenWhenCached(container);
    }

    @Test
    @Order(3)
    void unusableKeysAreSkippedAndCountedTheOthersVerify() {
        rotation.unusableKeysAreSkippedAndCountedTheOthersVerify(container);
    }

    @Test
    @Order(3)
    void keysThroughTheDiscoveryDocument() {
        rotation.keysThroughTheDiscoveryDocument(container);
    }

    /** An IdP down: the last good keys serve until maxStale, /ready reports it; back up: refreshed by itself. */
    @Test
    @Order(3)
    void idpOutageIsServedFromTheLastGoodKeysAndReadyReportsIt() throws Exception {
        outage.knownKeysServeUntilMaxStaleThen503AndReadyFollows(client, container::jmx);
    }

    // ---- unknown kids: a flood does not hammer the IdP -------------------------------------------

    @Test
    @Order(1)
    void unknownKidFloodRightAfterAFetchFetchesNothing() throws Exception {
        flood.floodWithinMinRefreshIntervalFetchesNothing(client, container::jmx);
    }

    /** After the outage and the JMX steps (but the reloads), which use up most of the 30 s between the floods. */
    @Test
    @Order(12)
    void unknownKidFloodOnceTheIntervalHasPassedFetchesOnce() throws Exception {
        flood.floodAfterMinRefreshIntervalFetchesOnce(client, container::jmx);
    }

    // ---- metrics and JMX -------------------------------------------------------------------------

    @Test
    @Order(4)
    void metricsAndJmxCountTheSameDecisions() {
        try (RemoteJmx jmx = container.jmx()) {
            ObjectName verifier = RemoteJmx.verifier();
            assertTrue(jmx.isRegistered(verifier), () -> "no " + verifier + " in " + jmx.verifierBeans());
            assertTrue((Boolean) jmx.get(RemoteJmx.keyStore(idp.issuer()), "Usable"));
            jmx.invoke(verifier, "resetCounters");
            assertEquals(0, jmx.getLong(verifier, "AdmittedCount"));

            assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "bob", null)), "bob", null);
            assertAdmitted(client.verify(idp.mint(Alg.ES256, AUDIENCE, "carol", null)), "carol", null);
            String wrongAudience = idp.mint(Alg.RS256, "other-api", "dave", null);
            assertInvalidToken(client.verify(wrongAudience), wrongAudience);
            assertNoTokenChallenge(client.verifyWithoutToken());

            Map<String, Long> reasons = jmx.getCounts(verifier, "DecisionsByReason");
            assertEquals(Map.of("verified", 2L, "wrong_audience", 1L, "missing_token", 1L), reasons);
            assertEquals(2, jmx.getLong(verifier, "AdmittedCount"));
            assertEquals(2, jmx.getLong(verifier, "RejectedCount"));

            HttpResponse<String> r = client.get("/metrics");
            assertEquals(200, r.statusCode(), () -> describe(r));
            String type = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
            MetricsText metrics = MetricsText.parse(r.body());
            for (String metric : MetricsText.documentedMetrics()) {
                assertTrue(metrics.exposes(metric), () -> metric + " missing from /metrics on " + container.name());
            }
            Map<String, Long> exposed = new java.util.TreeMap<>(metrics.sumBy("jwt_verifier_decisions_total", "reason"));
            exposed.values().removeIf(v -> v == 0);
            assertEquals(reasons, exposed);
        }
    }

    // ---- JMX administration, as an operator does it ------------------------------------------------

    @Test
    @Order(6)
    void jmxEveryBeanAttributeAndOperationIsDescribedAndStateChangesAreActions() {
        administration.everyBeanAttributeAndOperationIsDescribedAndStateChangesAreActions(container);
    }

    @Test
    @Order(7)
    void jmxVerifierCountersMoveWithRequests() {
        administration.verifierCountersMoveWithRequests(container);
    }

    @Test
    @Order(8)
    void jmxRefreshNowPicksUpARotatedKeyThatTheRateLimitKeptOut() {
        administration.refreshNowPicksUpARotatedKeyThatTheRateLimitKeptOut(container);
    }

    @Test
    @Order(9)
    void jmxFlushDropsARevokedKeyAtOnceAndLeavesTheIssuerWithoutKeysWhileTheIdpIsDown() {
        administration.flushDropsARevokedKeyAtOnceAndLeavesTheIssuerWithoutKeysWhileTheIdpIsDown(container);
    }

    @Test
    @Order(10)
    void jmxTokenCacheCountsHitsAndFlushEmptiesIt() {
        administration.tokenCacheCountsHitsAndFlushEmptiesIt(container);
    }

    @Test
    @Order(11)
    void jmxTheReadOnlyRoleReadsAndIsRefusedEveryOperation() {
        administration.theReadOnlyRoleReadsAndIsRefusedEveryOperation(container);
    }

    @Test
    @Order(13)
    void jmxReloadWithAGoodFileAddsAnIssuerAndItsKeyStoreBean() {
        administration.reloadWithAGoodFileAddsAnIssuerAndItsKeyStoreBean(container);
    }

    @Test
    @Order(14)
    void jmxReloadWithABrokenFileNamesTheProblemsAndKeepsTheRunningConfiguration() {
        administration.reloadWithABrokenFileNamesTheProblemsAndKeepsTheRunningConfiguration(container);
    }

    // ---- redeploys -------------------------------------------------------------------------------

    /**
     * Undeploys and deploys the WAR {@link #REDEPLOYS} times the container's own way, each time with requests and
     * a JMX read, then undeploys it: no {@code jwt-verifier:*} MBean and no thread of the verifier or of its
     * Ehcache remain, and after a forced GC no instance of any class of the WAR is left in the heap (jcmd
     * {@code GC.class_histogram} on the container's PID): a class loader of the WAR that stayed reachable would
     * keep at least its enum constants and lambdas.
     */
    @Test
    @Order(100)
    void redeploysLeaveNoThreadMBeanOrClassOfTheWar() {
        Instant started = Instant.now();
        for (int i = 1; i <= REDEPLOYS; i++) {
            container.undeploy();
            container.deploy();
            assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "round-" + i, null)), "round-" + i, null);
            try (RemoteJmx jmx = container.jmx()) {
                assertEquals(1, jmx.getLong(RemoteJmx.verifier(), "AdmittedCount"), "a fresh deployment's counter");
            }
        }
        container.undeploy();
        Duration cycles = Duration.between(started, Instant.now());
        System.out.printf("%s: %d undeploy/deploy cycles and the last undeploy in %d ms%n", container.name(),
                REDEPLOYS, cycles.toMillis());

        ContainerProcess process = (ContainerProcess) container;
        try (RemoteJmx jmx = container.jmx()) {
            Set<ObjectName> beans = jmx.verifierBeans();
            assertEquals(Set.of(), beans, "MBeans left after the last undeploy");
        }
        Await.until(Duration.ofSeconds(15), () -> warThreads(process).isEmpty(),
                () -> "threads of the WAR left: " + warThreads(process));

        // A container may hold the last request of a deployment for a few seconds after it ends (Jetty: the idle
        // keep-alive connection; WildFly: the idle worker thread): forced GCs until then, bounded.
        List<String> left = List.of();
        Instant deadline = Instant.now().plusSeconds(30);
        do {
            wakeTheConnectors();
            process.jcmd("GC.run");
            left = warClassesInHeap(process);
            if (left.isEmpty()) {
                break;
            }
            Await.pause(2000);
        } while (Instant.now().isBefore(deadline));
        if (!left.isEmpty()) {
            // For the path from a GC root to the class loader: open it in a heap analyser.
            Path dump = process.base.resolve("leak.hprof");
            process.jcmd("GC.heap_dump", dump.toString());
            System.out.println(container.name() + ": heap dump of the leak in " + dump);
        }
        assertEquals(List.of(), left, "instances of the WAR's classes after " + REDEPLOYS
                + " redeploys, the last undeploy and a forced GC: its class loader is still reachable");
        // And the container's own detector where it has one (Tomcat: the manager's findleaks).
        List<String> found = container.leaksFoundByContainer();
        System.out.printf("%s: redeploy leak check: no thread, MBean or class of the WAR left; the container's own"
                + " detector found %s%n", container.name(), found);
        assertEquals(List.of(), found, "the container's own leak detection after the last undeploy");
    }

    /**
     * A few requests on fresh connections: a selector or worker thread that has had nothing to do since it last
     * served the old deployment still holds that request in a local variable (Jetty's selector its last selected
     * key), so some traffic that is not for the WAR lets the thread move on, as any traffic would in production.
     */
    private void wakeTheConnectors() {
        int port = client.uri("/").getPort();
        for (int i = 0; i < 8; i++) {
            try (RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port)) {
                c.exchange("GET", "/jwt-verifier/health", List.of(Map.entry("Host", "127.0.0.1")));
            }
        }
    }

    private static List<String> warThreads(ContainerProcess process) {
        return process.jcmd("Thread.print").lines()
                .filter(l -> l.startsWith("\""))
                .map(l -> l.substring(1, l.indexOf('"', 1)))
                .filter(n -> n.startsWith("jwt-verifier") || n.startsWith("Ehcache ["))
                .toList();
    }

    private static List<String> warClassesInHeap(ContainerProcess process) {
        return process.jcmd("GC.class_histogram").lines()
                .filter(l -> l.contains(" org.jwtverifier."))
                .map(String::strip)
                .toList();
    }

    /**
     * A valid token in an {@code Authorization} header that also holds a byte RFC 9110 §5.5 does not allow (NUL and
     * other control characters): the container or the verifier answers 4xx, and neither the answer nor the
     * container's logs hold the token. Several connections per value, as a container may log only the first time
     * a request processor meets such a header.
     */
    @Test
    @Order(2)
    void refusedHeaderBytesAre4xxAndNeverPutTheTokenInTheLogs() {
        String token = valid();
        int firstDot = token.indexOf('.');
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("NUL after the token", "Bearer " + token + "\u0000");
        values.put("NUL before the token", "Bearer \u0000" + token);
        values.put("NUL between its segments", "Bearer " + token.substring(0, firstDot) + "\u0000" + token.substring(firstDot));
        values.put("SOH after the token", "Bearer " + token + "\u0001");
        values.put("DEL after the token", "Bearer " + token + "\u007f");
        int port = client.uri("/verify").getPort();
        Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> bad : values.entrySet()) {
            String value = bad.getValue();
            for (int connection = 0; connection < 3; connection++) {
                try (RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port)) {
                    c.sendPart(("GET /jwt-verifier/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Method: GET\r\n"
                            + "X-Forwarded-Uri: /api/things\r\nAuthorization: " + value + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    RawHttpConnection.Response r = c.readResponse(false);
                    assertTrue(r.status() >= 400 && r.status() < 500, () -> "a header with a control byte: " + r);
                    String answer = r.headers() + "\n" + r.bodyText();
                    for (String segment : token.split("\\.")) {
                        assertFalse(answer.contains(segment), () -> "the answer echoes the token: " + r);
                    }
                    statuses.put(bad.getKey(), r.status());
                }
            }
        }
        System.out.println(container.name() + ": control bytes in Authorization answered " + statuses);
        Await.pause(500);
        String log = container.log();
        for (String segment : token.split("\\.")) {
            assertFalse(log.contains(segment), "a token segment in the logs of " + container.name());
        }
    }

    @Test
    @Order(2)
    void noTokenInTheContainerLogs() {
        String token = valid();
        assertAdmitted(client.verify(token), "alice", "alice@example.com");
        String log = container.log();
        for (String segment : token.split("\\.")) {
            assertFalse(log.contains(segment), "a token segment in the logs of " + container.name());
        }
    }
}
