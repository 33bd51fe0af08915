package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;
import org.jwtverifier.testsupport.VerifierConfig;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * The same WAR on the other supported Tomcat line (the build runs this class on Tomcat 11 only):
 * it deploys, answers health, admits one valid token and rejects one bad one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class Tomcat11SmokeIT {

    static final String AUDIENCE = "api.example.com";

    static TestIdp idp;
    final VerifierClient client = new VerifierClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = TestIdp.start("https://idp.example.com");
        return Deployments.war(VerifierConfig.create().issuer(idp, AUDIENCE).write("Tomcat11SmokeIT"));
    }

    @AfterAll
    static void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void health() {
        HttpResponse<String> r = client.get("/health");
        assertEquals(200, r.statusCode(), () -> System.getProperty("it.tomcat.name") + ": " + describe(r));
    }

    /** The build points this Tomcat at JDK 25 where it is installed: show which JVM really ran the WAR. */
    @Test
    void reportsTheJvmItRunsOn() {
        HttpResponse<String> r = client.get("/metrics");
        assertEquals(200, r.statusCode(), () -> describe(r));
        String info = r.body().lines().filter(l -> l.startsWith("jvm_runtime_info{")).findFirst().orElseThrow();
        System.out.println("Tomcat 11 smoke run on: " + info);
        String expectedHome = System.getProperty("it.tomcat11.java.home");
        if (expectedHome != null && expectedHome.contains("-25-")) {
            org.junit.jupiter.api.Assertions.assertTrue(info.contains("version=\"25"), info);
        }
    }

    @Test
    void validTokenIsAdmitted() {
        String token = idp.mint(Alg.RS256, AUDIENCE, "alice", "alice@example.com");
        assertAdmitted(client.verify(token), "alice", "alice@example.com");
    }

    @Test
    void wrongAudienceIsRejected() {
        String token = idp.mint(Alg.ES256, "someone-else", "alice", "alice@example.com");
        assertInvalidToken(client.verify(token), token);
    }
}
