package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Which JVM ran the WAR on Tomcat 11 (the build runs this class there only; every other IT runs on both Tomcats).
 * The build points that Tomcat at JDK 25 where it is installed: this shows it did, and fails if it did not.
 */
class Tomcat11SmokeIT extends DeployedVerifierTest {

    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
        return TestConfig.create().issuerAllowingTestIdpAlgorithms(idp, "api.example.com").war("Tomcat11SmokeIT");
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
