package org.jwtverifier.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md names, for each guarantee, the tests that back it: {@code `Class`}, {@code `Class#method`}, and
 * {@code `#method`} for another method of the class named just before. Every one of them must be a test class (or a
 * shared case class such as ForwardAuthProxyCases) in
 * src/test/java with that method, so a renamed or removed test fails here until the page follows.
 */
class SecurityModelTestsTest {
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z]\\w*(?:Test|IT|Cases))?(?:#(\\w+))?`");

    @Test
    void everyTestThatSecurityMdNamesExistsWithItsMethods() throws IOException {
        Map<String, Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
                    f -> f.getFileName().toString().replace(".java", ""), f -> f, (a, b) -> a));
        }
        String page = Files.readString(Path.of("docs/security.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        String current = null;
        Matcher m = REFERENCE.matcher(page);
        while (m.find()) {
            if (m.group(1) == null && m.group(2) == null) {
                continue;
            }
            if (m.group(1) != null) {
                current = m.group(1);
                if (!sources.containsKey(current)) {
                    missing.add(current + " (no such test class)");
                    continue;
                }
            }
            if (m.group(2) != null) {
                if (current == null || !sources.containsKey(current)) {
                    missing.add("#" + m.group(2) + " (no class before it)");
                    continue;
                }
                String source = Files.readString(sources.get(current), StandardCharsets.UTF_8);
                if (!Pattern.compile("\\bvoid " + m.group(2) + "\\(").matcher(source).find()) {
                    missing.add(current + "#" + m.group(2));
                }
            }
            checked++;
        }
        assertTrue(checked > 50, "found only " + checked + " test references in docs/security.md");
        assertEquals(List.of(), missing, "docs/security.md names tests that do not exist");
    }
}
