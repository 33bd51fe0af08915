package org.jwtverifier.contract;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the contract tests that run on the build's Tomcat: Arquillian deploys {@link ProbeDeployment#war()}
 * (the probe WAR with the shipped libraries) and the tests call it over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ProbeDeployedTest {

    @Deployment(testable = false)
    static WebArchive probe() {
        return ProbeDeployment.war();
    }
}
