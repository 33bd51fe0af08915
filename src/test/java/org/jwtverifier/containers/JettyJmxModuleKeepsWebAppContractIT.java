package org.jwtverifier.containers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.Closing;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Why {@code jetty/start.d/jwt-verifier.ini} leaves out Jetty's {@code jmx} module: with it, Jetty 12.1's
 * {@code MBeanContainer} keeps per-class metadata of every bean it saw, the web application's
 * {@code ServletContextListener} among them, so an undeployed WAR's class loader stays reachable for good.
 * Without the module (the shipped setup) the same check in {@link JettyBlackBoxIT} sees every class of the WAR go.
 * When a Jetty release lets go, this test fails: the module can then come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyJmxModuleKeepsWebAppContractIT {
    TestIdp idp;
    JettyContainer jetty;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
        Path config = TestConfig.create().freshKeyStore("JettyJmxModuleKeepsWebAppContractIT").issuer(idp)
                .write("JettyJmxModuleKeepsWebAppContractIT");
        jetty = JettyContainer.create("JettyJmxModuleKeepsWebAppContractIT", config, List.of("--module=jmx"));
        jetty.start();
    }

    @AfterAll
    void stop() {
        Closing.closeAll(jetty, idp);
    }

    @Test
    void withJettysJmxModuleAnUndeployedWarStaysInTheHeap() {
        jetty.undeploy();
        // Past the idle timeout of the connections that served it (5 s here), which also hold a context a while.
        Await.pause(7000);
        jetty.jcmd("GC.run");
        List<String> left = jetty.jcmd("GC.class_histogram").lines()
                .filter(l -> l.contains(" org.jwtverifier.")).toList();
        assertFalse(left.isEmpty(), "with the jmx module, the undeployed WAR's classes went: Jetty no longer keeps"
                + " them, and jetty/start.d/jwt-verifier.ini may turn the module on again");
    }
}
