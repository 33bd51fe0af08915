package org.jwtverifier.containers;

import java.nio.file.Path;

/**
 * The black-box suite on Tomcat, laid out as tomcat/run.sh lays out its base: run twice by the build, on
 * Tomcat 10.1 with the build's JDK and on Tomcat 11 with the JDK of the Tomcat 11 run (JDK 25 where installed).
 */
class TomcatBlackBoxIT extends BlackBoxSuite {
    @Override
    ServletContainer container(String name, Path configFile) {
        return TomcatContainer.create(name, configFile);
    }
}
