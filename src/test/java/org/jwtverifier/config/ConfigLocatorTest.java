package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConfigLocatorTest {
    private static Function<String, Optional<String>> from(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void locateThenJndiBeatsContextParameterBeatsSystemPropertyBeatsEnvironment() {
        Map<String, String> none = Map.of();
        assertEquals(Path.of("/jndi.yaml"), new ConfigLocator(from(Map.of(ConfigLocator.JNDI_NAME, "/jndi.yaml")),
                from(Map.of(ConfigLocator.PARAMETER, "/param.yaml")), from(none), from(none)).locate().path());
        assertEquals(Path.of("/param.yaml"), new ConfigLocator(from(none),
                from(Map.of(ConfigLocator.PARAMETER, "/param.yaml")),
                from(Map.of(ConfigLocator.PARAMETER, "/prop.yaml")), from(none)).locate().path());
        assertEquals(Path.of("/prop.yaml"), new ConfigLocator(from(none), from(none),
                from(Map.of(ConfigLocator.PARAMETER, "/prop.yaml")),
                from(Map.of(ConfigLocator.ENVIRONMENT_VARIABLE, "/env.yaml"))).locate().path());
        ConfigLocator.Location env = new ConfigLocator(from(none), from(none), from(none),
                from(Map.of(ConfigLocator.ENVIRONMENT_VARIABLE, "/env.yaml"))).locate();
        assertEquals(Path.of("/env.yaml"), env.path());
        assertEquals("environment JWT_VERIFIER_CONFIG", env.how());
    }

    @Test
    void locateWhenNothingSetThenCatalinaBaseConf() {
        ConfigLocator.Location location = new ConfigLocator(from(Map.of()), from(Map.of()),
                from(Map.of("catalina.base", "/opt/tomcat")), from(Map.of())).locate();
        assertEquals(Path.of("/opt/tomcat/conf/jwt-verifier.yaml"), location.path());
    }
}
