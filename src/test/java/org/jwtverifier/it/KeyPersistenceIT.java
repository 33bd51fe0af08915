package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.RedeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * A redeploy while the IdP is down: the WAR is undeployed and deployed again (Arquillian's Deployer, the same
 * archive and configuration, a fixed keyStoreDirectory) while every JWKS request answers 500. The second deployment
 * has never fetched a key, yet tokens signed with the keys known before verify, from the persisted set.
 */
class KeyPersistenceIT extends RedeployedVerifierTest {

    static final String DEPLOYMENT = "verifier";

    static Path keyStoreDirectory;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        keyStoreDirectory = TestConfig.freshDirectory("KeyPersistenceIT/keys");
        return TestConfig.create()
                .keyStoreDirectory(keyStoreDirectory)
                .issuer(idp, "keyCacheTtl: 5m", "minRefreshInterval: 1s")
                .war("KeyPersistenceIT");
    }

    @Test
    void knownKeysVerifyAfterARedeployDuringAnOutage() throws IOException {
        ObjectName bean = RemoteJmx.keyStore(idp.issuer());
        deployer.deploy(DEPLOYMENT);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                    () -> "first deployment got no keys");
            assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "alice", null)), "alice", null);
            assertAdmitted(client.verify(idp.mint(Alg.EdDSA, AUDIENCE, "alice", null)), "alice", null);
        }

        idp.failWith500();
        deployer.undeploy(DEPLOYMENT);
        try (Stream<Path> files = Files.walk(keyStoreDirectory)) {
            assertTrue(files.anyMatch(Files::isRegularFile), "nothing persisted in " + keyStoreDirectory);
        }
        int fetchesBefore = idp.fetchCount();

        deployer.deploy(DEPLOYMENT);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean), () -> "second deployment has no KeyStore bean");
            for (Alg alg : Alg.values()) {
                String sub = "after-redeploy-" + alg.name().toLowerCase();
                assertAdmitted(client.verify(idp.mint(alg, AUDIENCE, sub, null)), sub, null);
            }
            // A key the IdP publishes only now cannot be had: the IdP is down, the persisted set lacks it.
            idp.rotate(Alg.ES256, false);
            String unknown = idp.mint(Alg.ES256, AUDIENCE, "bob", null);
            assertInvalidToken(client.verify(unknown), unknown);

            // The restored set was refreshed at once (the first tick) and that failed: nothing was fetched since.
            Await.until(Duration.ofSeconds(10), () -> idp.fetchCount() > fetchesBefore
                            && jmx.get(bean, "LastError") != null,
                    () -> "the second deployment never tried to refresh the restored set");
            assertTrue(((String) jmx.get(bean, "LastError")).contains("HTTP 500"), () -> "" + jmx.get(bean, "LastError"));
            assertEquals(0, jmx.getLong(bean, "FetchSuccessCount"), "the second deployment never fetched a key set");
            assertTrue((Boolean) jmx.get(bean, "Usable"));
            assertFalse((Boolean) jmx.get(bean, "Stale"), "restored keys younger than keyCacheTtl are not stale");
            HttpResponse<String> ready = client.get("/ready");
            assertEquals(200, ready.statusCode(), () -> describe(ready));
        } finally {
            idp.restore();
            deployer.undeploy(DEPLOYMENT);
        }
    }
}
