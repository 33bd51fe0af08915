package org.jwtverifier.containers;

import java.nio.file.Path;

/** The black-box suite on WildFly 38 (standalone), the WAR unchanged in deployments/. */
class WildFlyBlackBoxIT extends BlackBoxSuite {
    @Override
    ServletContainer container(String name, Path configFile) {
        return WildFlyContainer.create(name, configFile);
    }
}
