package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.TomcatManager;
import org.jwtverifier.testsupport.VerifierClient;

/**
 * Tomcat's parallel deployment: two versions of the WAR under one context path ({@code /parallel##1} and
 * {@code /parallel##2}, deployed through the manager as an operator would), each with MBeans of its own and a key
 * directory of its own; undeploying the old version leaves the new one's MBeans registered and working.
 */
class ParallelDeploymentIT extends DeployedVerifierTest {
    static final String PATH = "/parallel";

    static TestIdp idp;
    static WebArchive war;

    final TomcatManager manager = new TomcatManager();
    final VerifierClient client = new VerifierClient(
            "http://127.0.0.1:" + System.getProperty("jwtverifier.it.http.port", "18080") + PATH);

    /** Never deployed by Arquillian (which cannot name a version): the test deploys it through the manager. */
    @Deployment(name = "parallel", managed = false, testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        // No keyStoreDirectory: the default, derived from the deployment, is what is under test.
        war = TestConfig.create().issuer(idp).war("ParallelDeploymentIT");
        return war;
    }

    static ObjectName bean(String type, String version) {
        return RemoteJmx.name(RemoteJmx.DOMAIN + ":type=" + type + ",context=" + PATH + ",version=" + version);
    }

    static ObjectName keyStore(String version) {
        return RemoteJmx.name(RemoteJmx.DOMAIN + ":type=KeyStore,context=" + PATH + ",version=" + version
                + ",issuer=" + ObjectName.quote(idp.issuer()));
    }

    static Set<ObjectName> beansOf(String version) {
        return Set.of(bean("Verifier", version), bean("Configuration", version), bean("TokenCache", version),
                bean("Revocations", version), keyStore(version));
    }

    @Test
    void twoVersionsUnderOnePathKeepTheirOwnMBeansAndKeysAndUndeployingTheOldOneLeavesTheNewOneWorking()
            throws IOException {
        Path keysRoot = TomcatManager.tomcatDir().resolve("work").resolve("jwt-verifier-keys");
        deleteEarlierRuns(keysRoot);
        Path warFile = TestConfig.workDir().resolve("ParallelDeploymentIT.war");
        war.as(ZipExporter.class).exportTo(warFile.toFile(), true);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            deploy(warFile, "1");
            awaitReady();
            deploy(warFile, "2");
            awaitReady();

            Set<ObjectName> all = jmx.query(RemoteJmx.DOMAIN + ":context=" + PATH + ",*");
            assertEquals(10, all.size(), () -> "each version registers its own five beans: " + all);
            assertTrue(all.containsAll(beansOf("1")), all::toString);
            assertTrue(all.containsAll(beansOf("2")), all::toString);

            // A request without a session goes to the newest version; each version counts its own decisions.
            assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "alice", null)), "alice", null);
            assertEquals(1, jmx.getLong(bean("Verifier", "2"), "AdmittedCount"));
            assertEquals(0, jmx.getLong(bean("Verifier", "1"), "AdmittedCount"));

            // Tomcat's logs outlive a test run; the last start line of each version is this run's.
            List<String> log = TomcatManager.logLines();
            assertTrue(lastLine(log, "jwt-verifier parallel##1 started: ")
                    .endsWith("keys persisted in " + keysRoot.resolve("parallel##1")), log::toString);
            assertTrue(lastLine(log, "jwt-verifier parallel##2 started: ")
                    .endsWith("keys persisted in " + keysRoot.resolve("parallel##2")), log::toString);
            // The IdP's port is this run's: only version 2 restores (version 1 started on an empty directory).
            assertTrue(log.stream().anyMatch(l -> l.contains("Restored ") && l.contains(" persisted key(s) of issuer "
                    + idp.issuer() + " fetched at")), "the new version starts with the keys the old one persisted");
            try (Stream<Path> snapshots = Files.list(keysRoot.resolve("parallel##2").resolve("snapshots"))) {
                assertEquals(1, snapshots.count(), "the second version persists its keys too");
            }

            undeploy("1");
            Set<ObjectName> left = jmx.query(RemoteJmx.DOMAIN + ":context=" + PATH + ",*");
            assertEquals(beansOf("2"), left, "undeploying version 1 removes its beans, and only those");
            String refreshed = (String) jmx.invoke(keyStore("2"), "refreshNow");
            assertTrue(refreshed.startsWith("refreshed: "), refreshed);
            assertTrue((Boolean) jmx.get(keyStore("2"), "Usable"));
            assertAdmitted(client.verify(idp.mint(Alg.ES256, AUDIENCE, "bob", null)), "bob", null);
            assertEquals(2, jmx.getLong(bean("Verifier", "2"), "AdmittedCount"));
            assertFalse(jmx.isRegistered(bean("Verifier", "1")));
        } finally {
            undeploy("1");
            undeploy("2");
        }
    }

    @Test
    void aNameAlreadyTakenIsLeftToItsOwnerAndTheDeploymentRegistersBesideIt() {
        Path warFile = TestConfig.workDir().resolve("ParallelDeploymentIT.war");
        war.as(ZipExporter.class).exportTo(warFile.toFile(), true);
        ObjectName taken = bean("Verifier", "3");
        ObjectName beside = RemoteJmx.name(taken + ",instance=2");
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            // Another owner's bean under the name version 3 would take, as a deployment that was not stopped
            // cleanly leaves behind: a JDK class, so it outlives any web application.
            jmx.connection().createMBean("javax.management.timer.Timer", taken);
            try {
                deploy(warFile, "3");
                awaitReady();
                assertEquals("javax.management.timer.Timer", jmx.connection().getObjectInstance(taken).getClassName());
                assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "carol", null)), "carol", null);
                assertEquals(1, jmx.getLong(beside, "AdmittedCount"));

                undeploy("3");
                assertFalse(jmx.isRegistered(beside), "the deployment unregisters what it registered");
                assertTrue(jmx.isRegistered(taken), "and leaves the other owner's bean alone");
            } finally {
                undeploy("3");
                jmx.connection().unregisterMBean(taken);
            }
        } catch (javax.management.JMException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String lastLine(List<String> log, String containing) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).contains(containing)) {
                return log.get(i);
            }
        }
        return "(no line with '" + containing + "')";
    }

    private void deploy(Path warFile, String version) {
        String answer = manager.command("deploy?path=" + PATH + "&version=" + version + "&war="
                + URLEncoder.encode("file:" + warFile, StandardCharsets.UTF_8));
        assertTrue(answer.startsWith("OK"), answer);
    }

    /** Idempotent: the manager answers FAIL for a version that is not deployed. */
    private void undeploy(String version) {
        manager.command("undeploy?path=" + PATH + "&version=" + version);
    }

    private void awaitReady() {
        HttpResponse<String> ready = client.awaitOk("/ready", Duration.ofSeconds(20));
        assertEquals(200, ready.statusCode(), () -> describe(ready));
    }

    /** Key directories an earlier run left in the reused test Tomcat would change what a new version starts with. */
    private static void deleteEarlierRuns(Path keysRoot) throws IOException {
        if (!Files.isDirectory(keysRoot)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(keysRoot)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("parallel"))
                    .collect(Collectors.toList())) {
                try (Stream<Path> tree = Files.walk(dir)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        }
    }
}
