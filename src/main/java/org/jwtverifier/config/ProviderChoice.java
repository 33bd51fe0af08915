package org.jwtverifier.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The configuration's {@code crypto.provider}: which JCA provider verifies signatures and HMACs.
 */
public enum ProviderChoice {
    /**
     * The provider the JVM prefers for each algorithm (the first in {@code java.security}'s list that offers it):
     * the Amazon Corretto Crypto Provider where the container installed it first and it is healthy, else the JDK's.
     */
    AUTO,
    /** The JDK's own providers, even where another one is installed before them. */
    JDK,
    /**
     * The Amazon Corretto Crypto Provider for every algorithm it offers, the JDK's for the rest; the deployment
     * fails when it is not installed or not healthy.
     */
    ACCP;

    /** @return the choice written as {@code name} in the configuration ({@code auto}, {@code jdk}, {@code accp}) */
    public static Optional<ProviderChoice> named(String name) {
        for (ProviderChoice choice : values()) {
            if (choice.configName().equals(name)) {
                return Optional.of(choice);
            }
        }
        return Optional.empty();
    }

    /** @return its name in the configuration */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
