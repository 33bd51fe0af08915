package org.jwtverifier.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The problems found in one configuration file, each as {@code key: message}. */
final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String key, String message) {
        list.add(key + ": " + message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int count() {
        return list.size();
    }

    /**
     * A negative duration: the file cannot spell one ({@link Durations#parse} refuses it), so this only ever
     * catches a record built in code.
     */
    void notNegative(String key, java.time.Duration duration) {
        if (duration.isNegative()) {
            add(key, "must not be negative");
        }
    }

    void rejectUnknown(JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                list.add(prefix + name + ": unknown key");
            }
        });
    }

    /**
     * @param namesAndValues a record's components that may not be null, each name followed by its value
     * @throws NullPointerException naming the first that is
     */
    static void requireNonNull(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                throw new NullPointerException(namesAndValues[i] + " must not be null");
            }
        }
    }

    /**
     * Runs a record's checks, the very ones the parser reports, with keys relative to the record; the last line of
     * defence, so that code building a record directly cannot make one the parser would refuse.
     *
     * @throws IllegalArgumentException naming every problem, in the parser's words
     */
    static void requireNone(Consumer<Problems> checks) {
        Problems problems = new Problems();
        checks.accept(problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.list));
        }
    }
}
