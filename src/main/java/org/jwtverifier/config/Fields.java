package org.jwtverifier.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Typed readers of configuration values; each problem is recorded with the key it concerns. */
final class Fields {
    private Fields() {
    }

    static Optional<URI> uri(String text, String at, Problems problems) {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                problems.add(at, "must be an absolute URL with a host");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add(at, "not a URL: " + e.getReason());
            return Optional.empty();
        }
    }

    /** A path relative to the file's folder; one the file system cannot name (a NUL character) is a problem. */
    static Optional<Path> path(Path base, String text, String at, Problems problems) {
        try {
            return Optional.of(base.resolve(text));
        } catch (InvalidPathException e) {
            problems.add(at, "not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    /**
     * Whether {@code node} is a section to read: a mapping, whose unknown keys are then recorded. Not when it is
     * absent or null (the section's defaults apply), nor when it is something else (recorded under {@code at}).
     */
    static boolean isSection(JsonNode node, String at, Set<String> known, Problems problems) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            problems.add(at, "must be a mapping");
            return false;
        }
        problems.rejectUnknown(node, at + ".", known);
        return true;
    }

    static Optional<String> text(JsonNode node, String key, Problems problems) {
        return text(node, key, "", problems);
    }

    static Optional<String> text(JsonNode node, String key, String at, Problems problems) {
        return value(node, key, at, problems, "a string", JsonNode::isValueNode, JsonNode::asText);
    }

    static Optional<Integer> integer(JsonNode node, String key, Problems problems) {
        return integer(node, key, "", problems);
    }

    static Optional<Integer> integer(JsonNode node, String key, String at, Problems problems) {
        return value(node, key, at, problems, "a whole number", n -> n.isIntegralNumber() && n.canConvertToInt(),
                JsonNode::asInt);
    }

    static Optional<Boolean> bool(JsonNode node, String key, String at, Problems problems) {
        return value(node, key, at, problems, "true or false", JsonNode::isBoolean, JsonNode::asBoolean);
    }

    static Optional<Duration> duration(JsonNode node, String key, String at, Problems problems) {
        return text(node, key, at, problems).flatMap(t -> {
            try {
                return Optional.of(Durations.parse(t));
            } catch (IllegalArgumentException e) {
                problems.add(dotted(at, key), e.getMessage());
                return Optional.empty();
            }
        });
    }

    static Set<String> strings(JsonNode node, String key, String at, Problems problems) {
        JsonNode v = node.get(key);
        Set<String> out = new LinkedHashSet<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            v.forEach(e -> {
                if (e.isTextual() && !e.asText().isEmpty()) {
                    out.add(e.asText());
                } else {
                    problems.add(dotted(at, key), "must hold non-empty strings");
                }
            });
        } else {
            problems.add(dotted(at, key), "must be a list of strings");
        }
        return out;
    }

    static <T> Optional<T> value(JsonNode node, String key, String at, Problems problems, String expected,
                                         Predicate<JsonNode> test, Function<JsonNode, T> read) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!test.test(v)) {
            problems.add(dotted(at, key), "must be " + expected);
            return Optional.empty();
        }
        return Optional.of(read.apply(v));
    }

    /**
     * A secret must be a reference ({@code ${env:NAME}}, {@code ${file:PATH}}): one written into the file is readable
     * by whoever can read the configuration. Said without the value, which may be the very secret.
     *
     * @param key        the secret's full key ({@code issuers[0].sharedSecret})
     * @param references the keys whose values were references ({@link References#byKey()})
     * @return false when the value is there but not a reference (the problem recorded)
     */
    static boolean secretIsReference(String key, Optional<String> value, Map<String, String> references,
                                     Problems problems) {
        if (value.isPresent() && !references.containsKey(key)) {
            problems.add(key, "must be a reference, ${env:NAME} or ${file:PATH}: a secret written into "
                    + "the file is readable by whoever can read the configuration");
            return false;
        }
        return true;
    }

    static String dotted(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }
}
