package org.jwtverifier.testsupport;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The base of the in-container tests: Arquillian deploys what the subclass's static {@code @Deployment(testable =
 * false)} method returns to the Tomcat of the build, and the tests talk to it over HTTP as a proxy would.
 * <pre>{@code
 * class SomeIT extends DeployedVerifierTest {
 *     static TestIdp idp;
 *
 *     @Deployment(testable = false)
 *     static WebArchive deployment() {
 *         idp = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
 *         return TestConfig.create().issuer(idp).war("SomeIT");
 *     }
 * }
 * }</pre>
 * The platform runs test classes one at a time (no parallel execution is configured), so one
 * {@link ClosedAfterAll} serves every subclass: each class's IdPs stop after its own last test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedVerifierTest {

    /** What the deployment method started for the class: closed after its last test, before the undeploy. */
    @RegisterExtension
    protected static final ClosedAfterAll closeAfterAll = new ClosedAfterAll();

    /** HTTP to the deployed verifier. */
    protected final VerifierClient client = new VerifierClient();
}
