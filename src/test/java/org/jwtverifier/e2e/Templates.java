package org.jwtverifier.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy configurations shown in the docs are files under {@code docs/examples/} with placeholders in double
 * braces ({@code {{VERIFIER}}}); the end-to-end tests render those very files, so the documented configuration is
 * the tested one.
 */
public final class Templates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private Templates() {
    }

    /** The project folder: failsafe's {@code basedir}, else the working directory. */
    public static Path projectDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** {@code docs/examples/<name>}. */
    public static Path docsExample(String name) {
        Path file = projectDir().resolve("docs/examples").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("documented example " + file + " is missing");
        }
        return file;
    }

    /** {@code target/e2e/<name>}, created. */
    public static Path workDir(String name) {
        Path dir = projectDir().resolve("target/e2e").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Replaces every placeholder with its value. Fails when the template names a placeholder without a value, or a
     * value has no placeholder (the example and the test would have drifted apart).
     */
    public static String render(Path template, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(template, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : values.keySet()) {
            if (!text.contains("{{" + key + "}}")) {
                throw new AssertionError(template + " has no placeholder {{" + key + "}}");
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError(template + ": no value for placeholder {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
