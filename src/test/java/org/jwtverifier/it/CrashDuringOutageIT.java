package org.jwtverifier.it;

import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Tomcat is killed with SIGKILL while the IdP is down, then started again with the IdP still down. Nothing was
 * closed, so Ehcache discards its disk tier at the next start; the snapshot written beside it must bring the last
 * good keys back, and tokens signed with them must still be admitted. Runs on a Tomcat process of its own (the
 * build's unpacked distribution), since the shared Tomcat of the other tests must not be killed.
 */
class CrashDuringOutageIT {

    @Test
    void knownKeysVerifyAfterTomcatIsKilledDuringAnOutage() throws IOException {
        try (TestIdp idp = TestIdp.start()) {
            Path keyStoreDirectory = TestConfig.freshDirectory("CrashDuringOutageIT/keys");
            Path config = TestConfig.create()
                    .keyStoreDirectory(keyStoreDirectory)
                    .issuer(idp, "keyCacheTtl: 5m", "minRefreshInterval: 1s")
                    .write("CrashDuringOutageIT");
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("CrashDuringOutageIT", config)) {
                VerifierClient client = tomcat.client();
                tomcat.start();
                HttpResponse<String> ready = client.awaitOk("/ready", Duration.ofSeconds(20));
                assertEquals(200, ready.statusCode(), () -> describe(ready));
                assertAdmitted(client.verify(idp.mint(Alg.RS256, AUDIENCE, "alice", null)), "alice", null);
                try (Stream<Path> snapshots = Files.list(keyStoreDirectory.resolve("snapshots"))) {
                    assertEquals(1, snapshots.filter(p -> p.toString().endsWith(".json")).count(),
                            "one snapshot for the one issuer");
                }

                idp.failWith500();
                int status = tomcat.kill();
                assertEquals(137, status, "Tomcat must die by SIGKILL (128 + 9)");
                int fetchesBefore = idp.fetchCount();

                tomcat.start();
                for (Alg alg : Alg.values()) {
                    String sub = "after-crash-" + alg.name().toLowerCase();
                    assertAdmitted(client.verify(idp.mint(alg, AUDIENCE, sub, null)), sub, null);
                }
                HttpResponse<String> readyAgain = client.get("/ready");
                assertEquals(200, readyAgain.statusCode(), () -> describe(readyAgain));
                // The restarted verifier did try the IdP (and failed): the keys came from disk, not from a fetch.
                Await.until(Duration.ofSeconds(10), () -> idp.fetchCount() > fetchesBefore,
                        () -> "the restarted verifier never tried to refresh the restored keys");
                String log = tomcat.log();
                assertTrue(log.contains("restored from its snapshot"),
                        "Ehcache's copy must have been lost in the crash and the snapshot used; log:\n" + log);
            }
        }
    }
}
