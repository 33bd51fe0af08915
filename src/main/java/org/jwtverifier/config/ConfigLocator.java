package org.jwtverifier.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the configuration file the way app-server operators expect, first match wins:
 * <ol>
 *   <li>JNDI environment entry {@code java:comp/env/jwt-verifier/config}</li>
 *   <li>servlet context parameter {@code jwt-verifier.config} (Tomcat: {@code <Parameter>} in the context file)</li>
 *   <li>system property {@code jwt-verifier.config}</li>
 *   <li>environment variable {@code JWT_VERIFIER_CONFIG}</li>
 *   <li>{@code ${catalina.base}/conf/jwt-verifier.yaml}</li>
 * </ol>
 */
public final class ConfigLocator {
    public static final String JNDI_NAME = "java:comp/env/jwt-verifier/config";
    public static final String PARAMETER = "jwt-verifier.config";
    public static final String ENVIRONMENT_VARIABLE = "JWT_VERIFIER_CONFIG";

    /** Where the file was found, and how, for the start-up log and JMX. */
    public record Location(Path path, String how) {
    }

    private final Function<String, Optional<String>> jndi;
    private final Function<String, Optional<String>> contextParameter;
    private final Function<String, Optional<String>> systemProperty;
    private final Function<String, Optional<String>> environment;

    public ConfigLocator(Function<String, Optional<String>> jndi, Function<String, Optional<String>> contextParameter,
                         Function<String, Optional<String>> systemProperty,
                         Function<String, Optional<String>> environment) {
        this.jndi = jndi;
        this.contextParameter = contextParameter;
        this.systemProperty = systemProperty;
        this.environment = environment;
    }

    public Location locate() {
        return firstOf(jndi.apply(JNDI_NAME), "JNDI " + JNDI_NAME)
                .or(() -> firstOf(contextParameter.apply(PARAMETER), "context parameter " + PARAMETER))
                .or(() -> firstOf(systemProperty.apply(PARAMETER), "system property " + PARAMETER))
                .or(() -> firstOf(environment.apply(ENVIRONMENT_VARIABLE), "environment " + ENVIRONMENT_VARIABLE))
                .orElseGet(() -> new Location(Path.of(systemProperty.apply("catalina.base").orElse("."), "conf",
                        "jwt-verifier.yaml"), "default ${catalina.base}/conf/jwt-verifier.yaml"));
    }

    private static Optional<Location> firstOf(Optional<String> value, String how) {
        return value.filter(v -> !v.isBlank()).map(v -> new Location(Path.of(v.trim()), how));
    }
}
