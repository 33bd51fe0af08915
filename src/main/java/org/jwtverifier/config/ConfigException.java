package org.jwtverifier.config;

import java.util.List;

/** Thrown when a configuration file cannot be used; carries every problem found, each naming its key. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid configuration " + source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one per offending key, in file order */
    public List<String> problems() {
        return problems;
    }
}
