package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TerracottaServer;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

/**
 * Two replicas (two Tomcats set up as shipped, each with its own {@code CATALINA_BASE}, revocation and key
 * directories) sharing revocations through one Terracotta server run with the shipped server configuration, all
 * on 127.0.0.1, configured with the {@code cluster} section of docs/examples/cluster.yaml: a revocation made over
 * JMX on one replica rejects a token the other replica had cached within one second (by {@code jti}, subject and
 * session), and so does an OpenID Connect back-channel logout received by one replica; a replica killed with SIGKILL keeps its revocations; with the server stopped both keep rejecting what
 * was revoked and admitting the rest, report it on {@code /ready} (still 200), JMX and metrics, and a revocation
 * made meanwhile reaches the other replica once the server is back. One server and two Tomcats for all methods,
 * which run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedRevocationsIT {
    private static final String REVOKED = "The token has been revoked";
    private static final String CLIENT_ID = "rp-client";
    private static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    private static final List<Long> propagationMillis = new ArrayList<>();

    private static TestIdp idp;
    private static TerracottaServer server;
    private static StandaloneTomcat a;
    private static StandaloneTomcat b;
    private static String revokedJti;
    private static String revokedToken;

    @BeforeAll
    static void start() throws IOException {
        idp = TestIdp.start();
        server = TerracottaServer.create("ReplicatedRevocationsIT");
        server.start();
        String cluster = server.clusterSection();
        a = replica("ReplicatedRevocationsIT-a", cluster);
        b = replica("ReplicatedRevocationsIT-b", cluster);
        a.start();
        b.start();
        for (StandaloneTomcat t : List.of(a, b)) {
            HttpResponse<String> ready = t.client().awaitOk("/ready", Duration.ofSeconds(30));
            assertEquals(200, ready.statusCode(), () -> describe(ready));
            Await.until(Duration.ofSeconds(30), () -> revocationsOnReady(t).path("reachable").asBoolean(),
                    () -> "the replica never reached the Terracotta server: " + revocationsOnReady(t));
        }
    }

    private static StandaloneTomcat replica(String name, String clusterSection) {
        Path revocations = TestConfig.freshDirectory(name + "/revocations");
        Path config = TestConfig.create().freshKeyStore(name)
                .top("revocation: {maxTokenLifetime: 1h, directory: " + TestConfig.quote(revocations.toString())
                        + ", backchannelLogout: [{issuer: " + TestConfig.quote(idp.issuer()) + ", clientId: " + CLIENT_ID
                        + "}]}")
                .top(clusterSection.strip())
                .issuer(idp).write(name);
        return StandaloneTomcat.create(name, config);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{a, b, server, idp}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
        }
        System.out.println("propagation A -> B over JMX and /verify, ms: " + propagationMillis);
    }

    @Test
    @Order(1)
    void tokenCachedOnBAndRevokedByJtiOnAIsRejectedByBWithinASecond() {
        String jti = "jti-" + TestIdp.randomTag();
        String token = token("alice", jti, null, Instant.now());
        assertAdmitted(b.client().verify(token), "alice", null);
        assertAdmitted(b.client().verify(token), "alice", null);
        long hits = jmxLong(b, RemoteJmx.tokenCache(), "Hits");
        assertAdmitted(b.client().verify(token), "alice", null);
        assertEquals(hits + 1, jmxLong(b, RemoteJmx.tokenCache(), "Hits"), "B serves the token from its cache");

        String outcome = revoke(a, "revokeTokenId", idp.issuer(), jti, "");
        assertTrue(outcome.startsWith("revoked: jti " + jti), outcome);
        assertRejectedWithinASecond(b, token);
        assertRevoked(a.client().verify(token), token);
        assertAdmitted(b.client().verify(token("alice", "jti-other-" + TestIdp.randomTag(), null, Instant.now())),
                "alice", null);
        revokedJti = jti;
        revokedToken = token;
    }

    @Test
    @Order(2)
    void subjectRevokedOnAIsEnforcedOnBWithinASecondAndSparesLaterTokens() {
        String earlier = token("bob", "b1-" + TestIdp.randomTag(), null, Instant.now().minusSeconds(5));
        assertAdmitted(b.client().verify(earlier), "bob", null);
        String outcome = revoke(a, "revokeSubject", idp.issuer(), "bob");
        assertTrue(outcome.startsWith("revoked: tokens of sub bob"), outcome);
        assertRejectedWithinASecond(b, earlier);
        String later = token("bob", "b2-" + TestIdp.randomTag(), null, Instant.now().plusSeconds(2));
        assertAdmitted(b.client().verify(later), "bob", null);
    }

    @Test
    @Order(3)
    void sessionRevokedOnBIsEnforcedOnAWithinASecond() {
        String sid = "sid-" + TestIdp.randomTag();
        String inSession = token("carol", "c1-" + TestIdp.randomTag(), sid, Instant.now());
        String otherSession = token("carol", "c2-" + TestIdp.randomTag(), "sid-other", Instant.now());
        assertAdmitted(a.client().verify(inSession), "carol", null);
        String outcome = revoke(b, "revokeSession", idp.issuer(), sid);
        assertTrue(outcome.startsWith("revoked: tokens of sid " + sid), outcome);
        assertRejectedWithinASecond(a, inSession);
        assertAdmitted(a.client().verify(otherSession), "carol", null);
    }

    @Test
    @Order(4)
    void backChannelLogoutOnARevokesTheSessionOnBWithinASecond() {
        String sid = "sid-" + TestIdp.randomTag();
        String inSession = token("frank", "f1-" + TestIdp.randomTag(), sid, Instant.now());
        assertAdmitted(b.client().verify(inSession), "frank", null);
        String logoutToken = idp.token(Alg.RS256).header().type("logout+jwt").and()
                .audience().add(CLIENT_ID).and().expiration(null).id("logout-" + TestIdp.randomTag())
                .subject("frank").claim("sid", sid).claim("events", Map.of(LOGOUT_EVENT, Map.of())).compact();
        HttpResponse<String> r = logout(a, logoutToken);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertRejectedWithinASecond(b, inSession);
        assertRevoked(a.client().verify(inSession), inSession);
    }

    @Test
    @Order(5)
    void subjectLogoutReplayedToBRevokesNoMoreThanOnA() {
        Instant loggedOut = Instant.now().minusSeconds(20);
        String before = token("grace", "g1-" + TestIdp.randomTag(), null, loggedOut.minusSeconds(10));
        String after = token("grace", "g2-" + TestIdp.randomTag(), null, loggedOut.plusSeconds(10));
        String logoutToken = idp.token(Alg.RS256).header().type("logout+jwt").and()
                .audience().add(CLIENT_ID).and().expiration(null).issuedAt(Date.from(loggedOut))
                .id("logout-" + TestIdp.randomTag()).subject("grace")
                .claim("events", Map.of(LOGOUT_EVENT, Map.of())).compact();
        assertEquals(200, logout(a, logoutToken).statusCode());
        assertRejectedWithinASecond(b, before);
        assertAdmitted(a.client().verify(after), "grace", null);
        assertAdmitted(b.client().verify(after), "grace", null);

        // B has not seen its jti (each replica remembers its own), so it takes the copy; it revokes up to the
        // logout's iat, as the first did, not up to the moment of the copy.
        HttpResponse<String> replayed = logout(b, logoutToken);
        assertEquals(200, replayed.statusCode(), () -> describe(replayed));
        assertEquals(400, logout(a, logoutToken).statusCode(), "A remembers the jti");
        for (StandaloneTomcat replica : List.of(a, b)) {
            assertAdmitted(replica.client().verify(after), "grace", null);
            assertRevoked(replica.client().verify(before), before);
        }
    }

    private static HttpResponse<String> logout(StandaloneTomcat replica, String logoutToken) {
        return replica.client().send(HttpRequest.newBuilder(replica.client().uri("/backchannel-logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                        + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8))));
    }

    @Test
    @Order(6)
    void replicaAKilledWithSigkillAndRestartedKeepsTheRevocations() {
        String bobEarlier = token("bob", "b3-" + TestIdp.randomTag(), null, Instant.now().minusSeconds(30));
        assertEquals(137, a.kill(), "Tomcat must die by SIGKILL (128 + 9)");
        a.start();
        assertRevoked(a.client().verify(revokedToken), revokedToken);
        assertRevoked(a.client().verify(bobEarlier), bobEarlier);
        assertRevoked(b.client().verify(revokedToken), revokedToken);
        Await.until(Duration.ofSeconds(30), () -> revocationsOnReady(a).path("reachable").asBoolean(),
                () -> "A never reached the server again: " + revocationsOnReady(a));
        assertEquals(5, revocationsOnReady(a).path("entries").asLong(), () -> revocationsOnReady(a).toString());
    }

    @Test
    @Order(7)
    void withTheServerStoppedBothKeepEnforcingAndARevocationMadeMeanwhileReachesBWhenItIsBack() {
        server.stop();
        for (StandaloneTomcat t : List.of(a, b)) {
            Await.until(Duration.ofSeconds(20), () -> !revocationsOnReady(t).path("reachable").asBoolean(),
                    () -> "the replica does not notice the server is gone: " + revocationsOnReady(t));
            HttpResponse<String> ready = t.client().get("/ready");
            assertEquals(200, ready.statusCode(), () -> "an unreachable revocation server is detail, not failure: "
                    + describe(ready));
            assertRevoked(t.client().verify(revokedToken), revokedToken);
            String fresh = token("dave", "d-" + TestIdp.randomTag(), null, Instant.now());
            assertAdmitted(t.client().verify(fresh), "dave", null);
        }
        String jti = "jti-outage-" + TestIdp.randomTag();
        String token = token("erin", jti, null, Instant.now());
        assertAdmitted(b.client().verify(token), "erin", null);
        String outcome = revoke(a, "revokeTokenId", idp.issuer(), jti, "");
        assertTrue(outcome.startsWith("revoked: jti " + jti), outcome);
        assertRevoked(a.client().verify(token), token);
        assertAdmitted(b.client().verify(token), "erin", null);
        assertEquals(1, revocationsOnReady(a).path("pendingWrites").asLong(), () -> revocationsOnReady(a).toString());
        try (RemoteJmx jmx = admin(a)) {
            assertEquals(Boolean.FALSE, jmx.get(RemoteJmx.revocations(), "StoreReachable"));
            assertEquals(1L, jmx.getLong(RemoteJmx.revocations(), "StorePendingWrites"));
        }
        String metrics = a.client().get("/metrics").body();
        assertTrue(metrics.contains("jwt_verifier_revocation_store_reachable{mode=\"clustered\"} 0.0"), metrics);
        assertTrue(metrics.contains("jwt_verifier_revocation_store_pending_writes 1.0"), metrics);

        server.start();
        long start = System.nanoTime();
        Await.until(Duration.ofSeconds(90), () -> b.client().verify(token).statusCode() == 401,
                () -> "B still admits the token revoked on A during the outage; A: " + revocationsOnReady(a)
                        + "; B: " + revocationsOnReady(b));
        System.out.println("outage revocation reached B " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                + " ms after the server started");
        assertRevoked(b.client().verify(token), token);
        Await.until(Duration.ofSeconds(30), () -> revocationsOnReady(a).path("pendingWrites").asLong() == 0
                && revocationsOnReady(a).path("reachable").asBoolean(), () -> revocationsOnReady(a).toString());
        // The restarted server came back empty; the replicas wrote back everything they knew.
        assertRevoked(b.client().verify(revokedToken), revokedToken);
        assertEquals(6, revocationsOnReady(b).path("entries").asLong(), () -> revocationsOnReady(b).toString());
    }

    private static void assertRejectedWithinASecond(StandaloneTomcat replica, String token) {
        long start = System.nanoTime();
        Duration took = Await.until(PROPAGATION, () -> replica.client().verify(token).statusCode() == 401,
                () -> "the other replica still admits the revoked token: " + revocationsOnReady(replica));
        propagationMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertRevoked(replica.client().verify(token), token);
        System.out.println("revocation enforced on the other replica after " + took.toMillis() + " ms");
    }

    private static void assertRevoked(HttpResponse<String> r, String token) {
        assertEquals(REVOKED, assertInvalidToken(r, token).param("error_description"), () -> describe(r));
    }

    private static JsonNode revocationsOnReady(StandaloneTomcat replica) {
        try {
            return Jackson.json().readTree(replica.client().get("/ready").body()).path("revocations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String revoke(StandaloneTomcat replica, String operation, String... arguments) {
        try (RemoteJmx jmx = admin(replica)) {
            return (String) jmx.invoke(RemoteJmx.revocations(), operation, arguments);
        }
    }

    private static long jmxLong(StandaloneTomcat replica, javax.management.ObjectName bean, String attribute) {
        try (RemoteJmx jmx = admin(replica)) {
            return jmx.getLong(bean, attribute);
        }
    }

    private static RemoteJmx admin(StandaloneTomcat replica) {
        return RemoteJmx.connect(replica.jmxPort(), "admin", "admin-demo");
    }

    private static String token(String sub, String jti, String sid, Instant issuedAt) {
        return idp.mint(Alg.RS256, builder -> {
            builder.audience().add(AUDIENCE).and().subject(sub).id(jti).issuedAt(Date.from(issuedAt));
            if (sid != null) {
                builder.claim("sid", sid);
            }
        });
    }
}
