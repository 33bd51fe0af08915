package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TerracottaServer;
import org.jwtverifier.testsupport.TestIdp;

/**
 * {@link RedeployLeakIT} with the {@code cluster} section of docs/examples/cluster.yaml, on a real Terracotta
 * server on 127.0.0.1: each deployment connects to the server (its revocations are shared through it), and each
 * undeploy must close that connection with every thread the Terracotta client started, or the class loader of
 * the application stays reachable from them.
 */
class ClusteredRedeployLeakIT extends DeployedVerifierTest {

    static final String DEPLOYMENT = "clustered";
    static final int REDEPLOYS = 5;
    /**
     * Prefixes of the names of the threads the Ehcache clustered client and its Terracotta connection start (as a
     * thread dump of a deployment shows them), and Ehcache's own.
     */
    static final Set<String> CLIENT_THREADS = Set.of("TC Client", "Ehcache", "LeaseMaintenanceThread",
            "LeaseExpiryConnectionKillingThread", "Async DefaultClusteringService Worker", "MappedByteBufferSource");

    static TestIdp idp;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        TerracottaServer server = closeAfterAll.add(TerracottaServer.create("ClusteredRedeployLeakIT"));
        server.start();
        return RedeployLeakIT.configuration("ClusteredRedeployLeakIT").top(server.clusterSection()).issuer(idp)
                .war("ClusteredRedeployLeakIT");
    }

    @Test
    void tenRedeploysWithAClusterSectionLeaveNoClassLoaderMBeanOrThread() {
        long start = System.nanoTime();
        RedeployLeakIT.redeployAndCheck(deployer, DEPLOYMENT, REDEPLOYS, this::exercise, "ClusteredRedeployLeakIT",
                CLIENT_THREADS);
        System.out.println(REDEPLOYS + " clustered redeploys and the checks took "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    }

    private void exercise(RemoteJmx jmx, int round) {
        // Connected before the revocation is made, so it goes through the server rather than waiting on disk.
        Await.until(Duration.ofSeconds(30), () -> client.get("/ready").body().contains("\"reachable\":true"),
                () -> "deployment " + round + " never reached the Terracotta server: " + client.get("/ready").body());
        RedeployLeakIT.exercise(client, idp, jmx, round);
        assertTrue(jmx.threadNames().stream().anyMatch(n -> n.contains("jwt-verifier-revocations-cluster")),
                () -> "deployment " + round + ": no revocation cluster thread: " + jmx.threadNames());
    }
}
