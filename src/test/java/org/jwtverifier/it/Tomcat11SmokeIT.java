package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Which JVM ran the WAR on Tomcat 11 (the build runs this class there only; every other IT runs on both Tomcats).
 * The build points that Tomcat at JDK 25 where it is installed (else at its own JDK): the JVM the WAR reports must
 * be that one.
 */
class Tomcat11SmokeIT extends DeployedVerifierTest {

    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
        return TestConfig.create().issuerAllowingTestIdpAlgorithms(idp, "api.example.com").war("Tomcat11SmokeIT");
    }

    @Test
    void metricsWhenDeployedThenJvmRuntimeInfoNamesTheJdkTheBuildChose() throws IOException {
        // The build passes it.tomcat11.java.home (JDK 25 where installed) to the Tomcat 11 run. Picked with
        // -Dit.test, the class also runs on Tomcat 10.1, which Arquillian starts on this JVM's java.home.
        String javaHome = System.getProperty("it.tomcat11.java.home", System.getProperty("java.home"));
        String expectedVersion = releaseJavaVersion(Path.of(javaHome));
        HttpResponse<String> r = client.get("/metrics");
        assertEquals(200, r.statusCode(), () -> describe(r));
        String info = r.body().lines().filter(l -> l.startsWith("jvm_runtime_info{")).findFirst().orElseThrow();
        assertTrue(info.contains("version=\"" + expectedVersion), () -> "expected JDK " + expectedVersion + ": " + info);
    }

    /** {@code JAVA_VERSION} of the JDK's {@code release} file, e.g. {@code 25.0.1}. */
    private static String releaseJavaVersion(Path javaHome) throws IOException {
        return Files.readAllLines(javaHome.resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION="))
                .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst().orElseThrow(() -> new AssertionError(javaHome + "/release names no JAVA_VERSION"));
    }
}
