package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;
import org.jwtverifier.testsupport.VerifierConfig;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Which JVM ran the WAR on Tomcat 11 (the build runs this class there only; every other IT runs on both Tomcats).
 * The build points that Tomcat at JDK 25 where it is installed: this shows it did, and fails if it did not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class Tomcat11SmokeIT {

    static TestIdp idp;
    final VerifierClient client = new VerifierClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = TestIdp.start("https://idp.example.com");
        return Deployments.war(VerifierConfig.create().issuer(idp, "api.example.com").write("Tomcat11SmokeIT"));
    }

    @AfterAll
    static void stopIdp() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void reportsTheJvmItRunsOn() {
        HttpResponse<String> r = client.get("/metrics");
        assertEquals(200, r.statusCode(), () -> describe(r));
        String info = r.body().lines().filter(l -> l.startsWith("jvm_runtime_info{")).findFirst().orElseThrow();
        System.out.println("Tomcat 11 run on: " + info);
        String expectedHome = System.getProperty("it.tomcat11.java.home");
        if (expectedHome != null && expectedHome.contains("-25-")) {
            assertTrue(info.contains("version=\"25"), info);
        }
    }
}
