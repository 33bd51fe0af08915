package org.jwtverifier.testsupport;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.test.api.ArquillianResource;

/**
 * The base of the in-container tests that deploy and undeploy the verifier themselves: the subclass's
 * {@code @Deployment(managed = false, testable = false)} method starts the IdP ({@link #idp}) and returns the WAR,
 * and the tests deploy and undeploy it by name with {@link #deployer}, as a redeploy or a restart of the
 * application would.
 */
public abstract class RedeployedVerifierTest extends DeployedVerifierTest {

    /** The IdP the deployment method started; closed after the class's last test like everything it started. */
    protected static TestIdp idp;

    /** Deploys and undeploys the class's unmanaged deployment by its name. */
    @ArquillianResource
    protected Deployer deployer;
}
