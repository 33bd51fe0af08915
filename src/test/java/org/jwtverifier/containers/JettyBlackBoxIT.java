package org.jwtverifier.containers;

import java.nio.file.Path;

/** The black-box suite on Jetty 12.1 (EE 10), deployed by the shipped context XML. */
class JettyBlackBoxIT extends BlackBoxSuite {
    @Override
    ServletContainer container(String name, Path configFile) {
        return JettyContainer.create(name, configFile);
    }
}
