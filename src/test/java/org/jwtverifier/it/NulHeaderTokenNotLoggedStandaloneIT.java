package org.jwtverifier.it;

import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;

/**
 * The same as {@link NulHeaderTokenNotLoggedIT}, on a Tomcat started the way users start it: {@code catalina.sh}
 * with the shipped {@code bin/setenv.sh} and {@code conf/server.xml} (see {@link StandaloneTomcat}). Tomcat is
 * stopped cleanly before its logs are read, so whatever it had queued for its log files is in them.
 */
class NulHeaderTokenNotLoggedStandaloneIT {
    static final String AUDIENCE = "api.example.com";

    @Test
    void verifyWhenTheAuthorizationHeaderHoldsANulThenTheShippedTomcatSetupLogsNoToken() {
        try (TestIdp idp = TestIdp.start("https://idp.example.com/nul-header-standalone")) {
            Path config = TestConfig.create().issuerAllowingTestIdpAlgorithms(idp, AUDIENCE)
                    .write("NulHeaderTokenNotLoggedStandaloneIT");
            String token = idp.mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
            Path logs;
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("NulHeaderTokenNotLoggedStandaloneIT", config)) {
                tomcat.start();
                VerifierClient client = tomcat.client();
                assertAdmitted(client.verify(token), "alice", "alice@example.com");
                NulHeaderRequests.send(tomcat.port(), token, 8);
                logs = tomcat.base().resolve("logs");
            }
            String all = String.join("\n", List.of(logs.toFile().list()));
            assertTrue(all.contains("catalina."), () -> "Tomcat wrote no log file at all in " + logs + ": " + all);
            assertEquals(List.of(), LogFiles.findings(logs, LogFiles.tokenPieces(token)),
                    "a valid token was written to a log file of the shipped Tomcat setup");
        }
    }
}
