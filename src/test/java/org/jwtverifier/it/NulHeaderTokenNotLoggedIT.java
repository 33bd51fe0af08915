package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;

/**
 * A replayable token must never reach a log file, even when the request carrying it is one Tomcat refuses:
 * Tomcat by default logs the whole offending header line at INFO. The test Tomcats run with the setting that
 * tomcat/setenv.sh ships (the build takes it from there), so this checks the shipped setting on Tomcat 10.1
 * and 11.
 */
class NulHeaderTokenNotLoggedIT extends DeployedVerifierTest {    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com/nul-header"));
        return TestConfig.create().issuerAllowingTestIdpAlgorithms(idp, AUDIENCE).war("NulHeaderTokenNotLoggedIT");
    }

    @Test
    void verifyWhenTheAuthorizationHeaderHoldsANulThenTomcatRejectsItAndNoLogHoldsTheToken() {
        String token = idp.mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
        assertAdmitted(client.verify(token), "alice", "alice@example.com");

        NulHeaderRequests.send(Integer.parseInt(System.getProperty("jwtverifier.it.http.port")), token, 8);

        Path logs = Path.of(System.getProperty("jwtverifier.it.tomcat.dir"), "logs");
        List<String> found = LogFiles.findingsWithin(Duration.ofSeconds(3), logs, LogFiles.tokenPieces(token));
        assertEquals(List.of(), found, "a valid token was written to a log file of the test Tomcat");
    }
}
