package org.jwtverifier.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References in the string values of the configuration file, so that a secret need not be written into it:
 * {@code ${env:NAME}} (the environment variable {@code NAME}) and {@code ${file:PATH}} (the content of a file, one
 * trailing line break removed; a relative {@code PATH} resolves against the configuration file's folder). A
 * reference is the whole value; any string value may be one, and each section's parser then reads the resolved
 * value as if it had been written there.
 *
 * <p>What is resolved is never written anywhere: a problem names the key and the reference (the variable or the
 * file), never a value, and {@link #redact} takes resolved values out of every other problem's message, so that a
 * parser quoting a value it refuses quotes the reference instead. The references themselves are kept, by key, for
 * JMX to show ({@link VerifierConfig#references()}).
 */
final class References {
    /** The largest referenced file: a secret, not a document. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern PARTIAL = Pattern.compile("\\$\\{(env|file):");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Values shorter than this are not looked for in messages: they would be found everywhere. */
    private static final int MIN_REDACTED_CHARS = 3;

    private final UnaryOperator<String> environment;
    private final Path base;
    private final Map<String, String> byKey = new LinkedHashMap<>();
    private final Map<String, String> referenceByValue = new LinkedHashMap<>();

    /**
     * @param environment the environment variables ({@code System::getenv} in production): null for an unset one
     * @param base        the folder relative file references resolve against
     */
    References(UnaryOperator<String> environment, Path base) {
        this.environment = environment;
        this.base = base;
    }

    /** Replaces every reference in the tree by its value, recording a problem under its key for each that fails. */
    void resolve(JsonNode root, Problems problems) {
        walk(root, "", problems);
    }

    /** @return each key that held a reference, as problems name keys, to the reference as written */
    Map<String, String> byKey() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    /** @return the messages with every resolved value replaced by its reference, longest values first */
    List<String> redact(List<String> messages) {
        List<Map.Entry<String, String>> values = new ArrayList<>(referenceByValue.entrySet());
        values.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        List<String> out = new ArrayList<>(messages.size());
        for (String message : messages) {
            for (Map.Entry<String, String> value : values) {
                message = message.replace(value.getKey(), value.getValue());
            }
            out.add(message);
        }
        return out;
    }

    private void walk(JsonNode node, String at, Problems problems) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = Fields.dotted(at, field.getKey());
                JsonNode resolved = resolved(field.getValue(), key, problems);
                if (resolved != null) {
                    field.setValue(resolved);
                } else {
                    walk(field.getValue(), key, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String key = at + "[" + i + "]";
                JsonNode resolved = resolved(array.get(i), key, problems);
                if (resolved != null) {
                    array.set(i, resolved);
                } else {
                    walk(array.get(i), key, problems);
                }
            }
        }
    }

    /**
     * @return the value the node refers to; a null node (as if the key were absent) when that failed, with the
     *         problem recorded; Java null when the node is no reference
     */
    private JsonNode resolved(JsonNode node, String key, Problems problems) {
        if (!node.isTextual()) {
            return null;
        }
        String text = node.asText();
        Matcher m = REFERENCE.matcher(text);
        if (!m.matches()) {
            if (PARTIAL.matcher(text).find()) {
                problems.add(key, "a reference (${env:NAME} or ${file:PATH}) must be the whole value");
                return NullNode.getInstance();
            }
            return null;
        }
        byKey.put(key, text);
        String value = m.group(1).equals("env") ? fromEnvironment(m.group(2), text, key, problems)
                : fromFile(m.group(2), text, key, problems);
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value.length() >= MIN_REDACTED_CHARS) {
            referenceByValue.put(value, text);
        }
        return TextNode.valueOf(value);
    }

    private String fromEnvironment(String name, String reference, String key, Problems problems) {
        if (!ENV_NAME.matcher(name).matches()) {
            problems.add(key, reference + ": not an environment variable name (letters, digits, _)");
            return null;
        }
        String value = environment.apply(name);
        if (value == null) {
            problems.add(key, "environment variable " + name + " is not set");
            return null;
        }
        if (value.isEmpty()) {
            problems.add(key, "environment variable " + name + " is empty");
            return null;
        }
        return value;
    }

    private String fromFile(String name, String reference, String key, Problems problems) {
        Path file;
        try {
            file = base.resolve(name);
        } catch (InvalidPathException e) {
            problems.add(key, reference + ": not a valid path");
            return null;
        }
        if (name.isEmpty() || !Files.isRegularFile(file)) {
            problems.add(key, "file " + file + " (from " + reference + ") is not a readable file");
            return null;
        }
        String value;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(key, "file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
                return null;
            }
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The exception's class only: its message may quote what it read.
            problems.add(key, "cannot read file " + file + ": " + e.getClass().getSimpleName());
            return null;
        }
        if (value.endsWith("\r\n")) {
            value = value.substring(0, value.length() - 2);
        } else if (value.endsWith("\n")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty()) {
            problems.add(key, "file " + file + " is empty");
            return null;
        }
        return value;
    }
}
