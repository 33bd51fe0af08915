package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.TomcatManager;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.assertSingleHeader;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Redeploying the WAR ten times in one running Tomcat (through its manager, as Arquillian's Deployer does), with
 * requests, JMX operations (refresh, flush of the persisted keys and of the token cache) and a scrape each time, leaves nothing behind: Tomcat's {@code findleaks} reports no
 * web application whose class loader survived, no {@code jwt-verifier:*} MBean remains after the last undeploy, no
 * {@code jwt-verifier*} thread survives (read through the remote ThreadMXBean), and Tomcat logged no leak warning.
 * The configuration maps an array claim rendered as JSON, so every request also writes JSON on a request thread:
 * a mapper with Jackson's default buffer recycling would leave a thread-local there (see {@code json.Jackson}).
 */
class RedeployLeakIT extends DeployedVerifierTest {

    static final String DEPLOYMENT = "verifier";
    static final int REDEPLOYS = 10;

    /** An array claim rendered as JSON (see the class comment). */
    static final String IDENTITY_HEADERS = """
            identityHeaders:
              sub: X-User-Id
              email: X-User-Email
              groups: {header: X-User-Groups, render: json}""";

    static TestIdp idp;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        return configuration("RedeployLeakIT").issuer(idp).war("RedeployLeakIT");
    }

    /** The configuration of the redeployed WAR, its key store fresh, before its issuer. */
    static TestConfig configuration(String name) {
        return TestConfig.create().freshKeyStore(name).top(IDENTITY_HEADERS);
    }

    @Test
    void tenRedeploysLeaveNoClassLoaderMBeanOrThread() {
        redeployAndCheck(deployer, DEPLOYMENT, REDEPLOYS, this::exercise, "RedeployLeakIT", Set.of());
    }

    /**
     * Deploys and undeploys {@code deployment} {@code cycles} times, exercising each deployment, then checks that
     * nothing of it is left: no {@code jwt-verifier:*} MBean, no thread named {@code jwt-verifier*} or starting
     * with one of {@code otherThreads} that was not there before, no class loader reported by {@code findleaks}, and
     * no leak warning in Tomcat's log.
     *
     * @param otherThreads prefixes of the names of threads libraries of the application start
     */
    static void redeployAndCheck(Deployer deployer, String deployment, int cycles,
                                 java.util.function.ObjIntConsumer<RemoteJmx> exercise, String name,
                                 Set<String> otherThreads) {
        TomcatManager manager = new TomcatManager();
        int logLinesBefore = TomcatManager.logLines().size();
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            List<String> threadsBefore = jmx.threadNames();
            for (int i = 1; i <= cycles; i++) {
                deployer.deploy(deployment);
                try {
                    exercise.accept(jmx, i);
                } finally {
                    deployer.undeploy(deployment);
                }
            }

            System.out.println("threads started during the redeploys and still running: " + jmx.threadNames().stream()
                    .filter(n -> !threadsBefore.contains(n)).toList());
            Set<javax.management.ObjectName> beans = jmx.verifierBeans();
            assertEquals(Set.of(), beans, "jwt-verifier MBeans left after the last undeploy");
            List<String> threads = jmx.threadNames().stream().filter(n -> n.startsWith("jwt-verifier")
                    || otherThreads.stream().anyMatch(n::startsWith) && !threadsBefore.contains(n)).toList();
            assertEquals(List.of(), threads, "threads of the application left after the last undeploy");
        }

        // findleaks runs one System.gc(): right after an undeploy, objects awaiting finalisation or a cleaner can
        // still hold the class loader for that one cycle. A few more tries tell that apart from a real leak (whose
        // class loader stays reachable however often it is collected). Its status line says OK either way.
        String leaks = manager.findLeaks();
        for (int attempt = 1; attempt < 4 && !leaks.contains("No memory leaks found"); attempt++) {
            Await.pause(1_000);
            leaks = manager.findLeaks();
        }
        if (!leaks.contains("No memory leaks found")) {
            // For the post-mortem: a heap dump of the Tomcat (paths from GC roots to the class loader tell why).
            Path dump = TestConfig.workDir().resolve(name + "-" + System.currentTimeMillis() + ".hprof");
            try (RemoteJmx jmx = RemoteJmx.connect()) {
                jmx.connection().invoke(RemoteJmx.name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap",
                        new Object[]{dump.toString(), true}, new String[]{String.class.getName(), boolean.class.getName()});
            } catch (Exception e) {
                dump = null;
            }
            fail("findleaks: " + leaks.replace("\n", "\\n") + (dump == null ? "" : " (heap dump: " + dump + ")"));
        }

        List<String> log = TomcatManager.logLines();
        List<String> warnings = log.subList(Math.min(logLinesBefore, log.size()), log.size()).stream()
                .filter(l -> l.contains("memory leak") || l.contains("failed to stop it")
                        || l.contains("failed to remove it") || l.contains("failed to unregister"))
                // Tomcat's own background processor, caught while it ran StandardContext.backgroundProcess for
                // the context being stopped (it binds the context's class loader for that call): not a thread
                // of the application, and it lives on in Tomcat's pool.
                .filter(l -> !l.contains("a thread named [Catalina-utility-"))
                .toList();
        assertEquals(List.of(), warnings, "Tomcat's leak warnings during the redeploys");
    }

    private void exercise(RemoteJmx jmx, int round) {
        exercise(client, idp, jmx, round);
    }

    /** Requests, JMX operations (refresh, flush, a revocation and its removal) and a scrape on one deployment. */
    static void exercise(org.jwtverifier.testsupport.VerifierClient client, TestIdp idp, RemoteJmx jmx, int round) {
        HttpResponse<String> ready = client.awaitOk("/ready", Duration.ofSeconds(20));
        assertEquals(200, ready.statusCode(), () -> "deployment " + round + ": " + describe(ready));
        String token = idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("alice-" + round)
                .claim("groups", List.of("ops", "round-" + round)));
        for (int hit = 0; hit < 2; hit++) {
            HttpResponse<String> admitted = client.verify(token);
            assertAdmitted(admitted, "alice-" + round, null);
            assertSingleHeader(admitted, "X-User-Groups", "[\"ops\",\"round-" + round + "\"]");
        }
        String expired = idp.mint(Alg.ES256, b -> b.audience().add(AUDIENCE).and().subject("bob")
                .issuedAt(Date.from(Instant.now().minusSeconds(3600)))
                .expiration(Date.from(Instant.now().minusSeconds(1800))));
        assertInvalidToken(client.verify(expired), expired);
        HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode(), () -> describe(metrics));
        String refreshed = (String) jmx.invoke(RemoteJmx.keyStore(idp.issuer()), "refreshNow");
        assertTrue(refreshed.startsWith("refreshed: "), refreshed);
        // flush drops the persisted key set and writes a new one: pages of the disk tier are freed and reused.
        String flushed = (String) jmx.invoke(RemoteJmx.keyStore(idp.issuer()), "flush");
        assertTrue(flushed.startsWith("refreshed: "), flushed);
        jmx.invoke(RemoteJmx.tokenCache(), "flush");
        // A revocation and its removal: the revocation store's Ehcache disk tier and journal are written too.
        String revoked = (String) jmx.invoke(RemoteJmx.revocations(), "revokeSubject", idp.issuer(), "alice-" + round);
        assertTrue(revoked.startsWith("revoked: "), revoked);
        assertInvalidToken(client.verify(token), token);
        String removed = (String) jmx.invoke(RemoteJmx.revocations(), "removeSubject", idp.issuer(), "alice-" + round);
        assertTrue(removed.startsWith("removed: "), removed);
        assertEquals(2, jmx.getLong(RemoteJmx.verifier(), "AdmittedCount"),
                "deployment " + round + " counts its own decisions");
        assertTrue(jmx.threadNames().stream().anyMatch(n -> n.startsWith("jwt-verifier/jwt-verifier-key-refresh")),
                () -> "deployment " + round + ": no key refresh thread named as documented: " + jmx.threadNames());
    }
}
