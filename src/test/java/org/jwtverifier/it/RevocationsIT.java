package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;
import org.jwtverifier.testsupport.Closing;

/**
 * Revocations made over the real remote JMX connector of a Tomcat set up as shipped (tomcat/setenv.sh:
 * authentication with jmx/jmxremote.password and jmxremote.access), checked with real requests: a token already in
 * the verified-token cache is rejected from its next request on, a subject revocation spares the subject's later
 * tokens, a session revocation every token of the session and no other; the read-only role is refused every
 * action; every action is in the container's log with the principal that made it; and the revocations hold across
 * a clean restart and a SIGKILL. Its own Tomcat process, since the test kills it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevocationsIT {
    static final String REVOKED = "The token has been revoked";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-demo";

    static TestIdp idp;
    static StandaloneTomcat tomcat;
    static VerifierClient client;
    static Path configFile;
    static String survivorJti;
    static String survivorToken;

    @BeforeAll
    static void start() {
        idp = TestIdp.start();
        Path revocations = TestConfig.freshDirectory("RevocationsIT/revocations");
        configFile = TestConfig.create().freshKeyStore("RevocationsIT")
                .top("revocation: {maxTokenLifetime: 1h, directory: " + TestConfig.quote(revocations.toString()) + "}")
                .issuer(idp).write("RevocationsIT");
        tomcat = StandaloneTomcat.create("RevocationsIT", configFile);
        tomcat.start();
        client = tomcat.client();
        HttpResponse<String> ready = client.awaitOk("/ready", Duration.ofSeconds(20));
        assertEquals(200, ready.statusCode(), () -> describe(ready));
    }

    @AfterAll
    static void stop() {
        Closing.closeAll(tomcat, idp);
    }

    private static RemoteJmx admin() {
        return RemoteJmx.connect(tomcat.jmxPort(), ADMIN, ADMIN_PASSWORD);
    }

    private static void assertRevoked(HttpResponse<String> r, String token) {
        Challenge c = assertInvalidToken(r, token);
        assertEquals(REVOKED, c.param("error_description"), () -> describe(r));
    }

    private static String token(String sub, String jti, String sid, Instant issuedAt) {
        return idp.mint(Alg.RS256, b -> {
            b.audience().add(AUDIENCE).and().subject(sub).id(jti).issuedAt(Date.from(issuedAt));
            if (sid != null) {
                b.claim("sid", sid);
            }
        });
    }

    /** The audit line of {@code operation} by {@code principal} with these quoted arguments, within 10 s. */
    private static void assertAudited(String principal, String type, String operation, String outcomePrefix,
                                      String... arguments) {
        String args = String.join(", ", Arrays.stream(arguments).map(a -> "\"" + a + "\"").toList());
        Pattern line = Pattern.compile("JMX action principal=\"" + Pattern.quote(principal)
                + "\" target=jwt-verifier:type=" + type + ",context=/jwt-verifier[^ ]* operation="
                + Pattern.quote(operation) + " arguments=\\[" + Pattern.quote(args) + "\\] outcome="
                + Pattern.quote(outcomePrefix));
        Await.until(Duration.ofSeconds(10), () -> line.matcher(tomcat.log()).find(),
                () -> "no audit line " + line + " in the log:\n" + tail(tomcat.log()));
    }

    private static String tail(String log) {
        return log.length() < 6000 ? log : log.substring(log.length() - 6000);
    }

    @Test
    @Order(1)
    void revokeTokenIdOverJmxRejectsTheTokenAlreadyCachedAndNoOther() throws Exception {
        String jti = "jti-" + TestIdp.randomTag();
        String token = token("alice", jti, null, Instant.now());
        String other = token("alice", "jti-other-" + TestIdp.randomTag(), null, Instant.now());
        assertAdmitted(client.verify(token), "alice", null);
        assertAdmitted(client.verify(token), "alice", null);
        try (RemoteJmx jmx = admin()) {
            ObjectName bean = RemoteJmx.revocations();
            long hits = jmx.getLong(RemoteJmx.tokenCache(), "Hits");
            assertAdmitted(client.verify(token), "alice", null);
            assertEquals(hits + 1, jmx.getLong(RemoteJmx.tokenCache(), "Hits"), "the token is served from the cache");

            String outcome = (String) jmx.invoke(bean, "revokeTokenId", idp.issuer(), jti, "");
            assertTrue(outcome.startsWith("revoked: jti " + jti), outcome);
            assertRevoked(client.verify(token), token);
            assertEquals(hits + 2, jmx.getLong(RemoteJmx.tokenCache(), "Hits"), "rejected on a cache hit");
            assertAdmitted(client.verify(other), "alice", null);
            assertEquals(1, jmx.getLong(bean, "TokenIdCount"));
            String[] list = (String[]) jmx.connection().invoke(bean, "list", new Object[]{10},
                    new String[]{int.class.getName()});
            assertEquals(1, list.length, Arrays.toString(list));
            assertTrue(list[0].startsWith("jti\t" + idp.issuer() + "\t" + jti + "\t-\t"), list[0]);
            assertTrue(list[0].endsWith("\t" + ADMIN), "made by the JMX principal: " + list[0]);

            String refused = (String) jmx.invoke(bean, "revokeTokenId", "https://not-configured.example", jti, "");
            assertTrue(refused.startsWith("refused: ") && refused.contains("not a configured issuer"), refused);
            String badUntil = (String) jmx.invoke(bean, "revokeTokenId", idp.issuer(), jti, "tomorrow");
            assertTrue(badUntil.startsWith("refused: until must be an ISO-8601 instant"), badUntil);
        }
        assertAudited(ADMIN, "Revocations", "revokeTokenId", "ok: revoked: jti " + jti, idp.issuer(), jti, "");
        assertAudited(ADMIN, "Revocations", "revokeTokenId", "refused: 'https://not-configured.example' is not a configured issuer",
                "https://not-configured.example",
                jti, "");
        survivorJti = jti;
        survivorToken = token;
    }

    @Test
    @Order(2)
    void revokeSubjectRejectsItsEarlierTokensCachedOrNotAndAdmitsItsLaterOnes() {
        Instant before = Instant.now().minusSeconds(5);
        String cached = token("bob", "b1-" + TestIdp.randomTag(), null, before);
        String fresh = token("bob", "b2-" + TestIdp.randomTag(), null, before);
        String carol = token("carol", "c1-" + TestIdp.randomTag(), null, before);
        assertAdmitted(client.verify(cached), "bob", null);
        try (RemoteJmx jmx = admin()) {
            String outcome = (String) jmx.invoke(RemoteJmx.revocations(), "revokeSubject", idp.issuer(), "bob");
            assertTrue(outcome.startsWith("revoked: tokens of sub bob"), outcome);
            assertEquals(1, jmx.getLong(RemoteJmx.revocations(), "SubjectCount"));
        }
        assertRevoked(client.verify(cached), cached);
        assertRevoked(client.verify(fresh), fresh);
        assertAdmitted(client.verify(carol), "carol", null);
        // Issued after the revocation (iat in whole seconds, so two seconds later to be clear of its second).
        String later = token("bob", "b3-" + TestIdp.randomTag(), null, Instant.now().plusSeconds(2));
        assertAdmitted(client.verify(later), "bob", null);
        assertAudited(ADMIN, "Revocations", "revokeSubject", "ok: revoked: tokens of sub bob", idp.issuer(), "bob");
    }

    @Test
    @Order(3)
    void revokeSessionRejectsEveryTokenOfTheSessionAndRemoveAdmitsThemAgain() {
        String sid = "sid-" + TestIdp.randomTag();
        String first = token("dave", "d1-" + TestIdp.randomTag(), sid, Instant.now());
        String second = token("erin", "e1-" + TestIdp.randomTag(), sid, Instant.now());
        String otherSession = token("dave", "d2-" + TestIdp.randomTag(), "sid-other", Instant.now());
        assertAdmitted(client.verify(first), "dave", null);
        try (RemoteJmx jmx = admin()) {
            String outcome = (String) jmx.invoke(RemoteJmx.revocations(), "revokeSession", idp.issuer(), sid);
            assertTrue(outcome.startsWith("revoked: tokens of sid " + sid), outcome);
            assertRevoked(client.verify(first), first);
            assertRevoked(client.verify(second), second);
            assertAdmitted(client.verify(otherSession), "dave", null);

            String removed = (String) jmx.invoke(RemoteJmx.revocations(), "removeSession", idp.issuer(), sid);
            assertTrue(removed.startsWith("removed: sid " + sid), removed);
            assertAdmitted(client.verify(first), "dave", null);
            assertAdmitted(client.verify(second), "erin", null);
            // Kept for the restart test.
            jmx.invoke(RemoteJmx.revocations(), "revokeSession", idp.issuer(), sid);
        }
        assertAudited(ADMIN, "Revocations", "removeSession", "ok: removed: sid " + sid, idp.issuer(), sid);
    }

    @Test
    @Order(4)
    void theReadOnlyRoleIsRefusedEveryRevocationActionAndNothingChanges() {
        String sub = "frank";
        String token = token(sub, "f1-" + TestIdp.randomTag(), null, Instant.now());
        try (RemoteJmx monitor = RemoteJmx.connect(tomcat.jmxPort(), "monitor", "monitor-demo")) {
            ObjectName bean = RemoteJmx.revocations();
            long subjects = monitor.getLong(bean, "SubjectCount");
            for (String[] call : List.of(new String[]{"revokeSubject", idp.issuer(), sub},
                    new String[]{"revokeSession", idp.issuer(), "s"},
                    new String[]{"revokeTokenId", idp.issuer(), "j", ""},
                    new String[]{"removeSubject", idp.issuer(), "bob"},
                    new String[]{"removeTokenId", idp.issuer(), survivorJti},
                    new String[]{"removeSession", idp.issuer(), "s"})) {
                assertThrows(SecurityException.class,
                        () -> monitor.invoke(bean, call[0], Arrays.copyOfRange(call, 1, call.length)), call[0]);
            }
            assertEquals(subjects, monitor.getLong(bean, "SubjectCount"), "the monitor can read");
        }
        assertAdmitted(client.verify(token), sub, null);
        assertRevoked(client.verify(survivorToken), survivorToken);
    }

    @Test
    @Order(5)
    void everyActionOfEveryBeanIsLoggedWithItsPrincipal() {
        try (RemoteJmx jmx = admin()) {
            String refreshed = (String) jmx.invoke(RemoteJmx.keyStore(idp.issuer()), "refreshNow");
            assertTrue(refreshed.startsWith("refreshed: "), refreshed);
            jmx.invoke(RemoteJmx.keyStore(idp.issuer()), "flush");
            jmx.invoke(RemoteJmx.tokenCache(), "flush");
            jmx.invoke(RemoteJmx.verifier(), "resetCounters");
            String reloaded = (String) jmx.invoke(RemoteJmx.configuration(), "reload");
            assertTrue(reloaded.startsWith("reloaded: "), reloaded);
        }
        String keyStore = "KeyStore";
        assertAudited(ADMIN, keyStore, "refreshNow", "ok: refreshed: ");
        assertAudited(ADMIN, keyStore, "flush", "ok: refreshed: ");
        assertAudited(ADMIN, "TokenCache", "flush", "ok");
        assertAudited(ADMIN, "Verifier", "resetCounters", "ok");
        assertAudited(ADMIN, "Configuration", "reload", "ok: reloaded: ");
        // The revocations survive a reload: the store outlives the configuration.
        assertRevoked(client.verify(survivorToken), survivorToken);
    }

    @Test
    @Order(6)
    void revocationsHoldAcrossARestartAndASigkill() {
        String bobEarlier = token("bob", "b9-" + TestIdp.randomTag(), null, Instant.now().minusSeconds(30));
        tomcat.close();
        tomcat.start();
        assertRevoked(client.verify(survivorToken), survivorToken);
        assertRevoked(client.verify(bobEarlier), bobEarlier);

        try (RemoteJmx jmx = admin()) {
            jmx.invoke(RemoteJmx.revocations(), "revokeSubject", idp.issuer(), "grace");
        }
        String grace = token("grace", "g1-" + TestIdp.randomTag(), null, Instant.now().minusSeconds(30));
        assertEquals(137, tomcat.kill(), "Tomcat must die by SIGKILL (128 + 9)");
        tomcat.start();
        assertRevoked(client.verify(grace), grace);
        assertRevoked(client.verify(survivorToken), survivorToken);
        assertAdmitted(client.verify(token("heidi", "h1-" + TestIdp.randomTag(), null, Instant.now())), "heidi", null);
        try (RemoteJmx jmx = admin()) {
            assertEquals(1, jmx.getLong(RemoteJmx.revocations(), "TokenIdCount"));
            assertEquals(2, jmx.getLong(RemoteJmx.revocations(), "SubjectCount"));
            assertEquals(1, jmx.getLong(RemoteJmx.revocations(), "SessionCount"));
        }
        String metrics = client.get("/metrics").body();
        assertTrue(metrics.contains("jwt_verifier_revocations{kind=\"subject\"} 2.0"), metrics);
        assertTrue(Pattern.compile("jwt_verifier_decisions_total\\{issuer=\"" + Pattern.quote(idp.issuer())
                + "\",outcome=\"rejected\",reason=\"revoked\"} [1-9]").matcher(metrics).find(), metrics);
        assertTrue(tomcat.log().contains("revocation(s) restored from"),
                "the journal, not Ehcache's disk tier, brought them back after the SIGKILL:\n" + tail(tomcat.log()));
    }
}
