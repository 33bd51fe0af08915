package org.jwtverifier.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy configurations in the docs are the files the end-to-end tests run: a page shows one with
 * {@code <!-- include: docs/examples/NAME -->} followed by a fenced block, and the block must equal the file.
 */
class DocsExamplesTest {

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void includedExamplesAreTheFilesTheTestsRun() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page, StandardCharsets.UTF_8);
                Matcher m = INCLUDE.matcher(text);
                while (m.find()) {
                    Path example = Path.of(m.group(1));
                    assertTrue(Files.isRegularFile(example), page + " includes missing " + example);
                    assertEquals(Files.readString(example, StandardCharsets.UTF_8), m.group(2),
                            page + " shows a different " + example + ": copy the file into the page");
                    checked.add(page.getFileName() + " <- " + example);
                }
            }
        }
        assertTrue(checked.contains("caddy.md <- docs/examples/Caddyfile"), checked::toString);
        assertTrue(checked.contains("nginx.md <- docs/examples/nginx.conf"), checked::toString);
        assertTrue(checked.contains("configuration.md <- docs/examples/identity-headers.yaml"), checked::toString);
    }

    @Test
    void everyExampleIsRunByAnEndToEndTest() throws IOException {
        for (String[] pair : new String[][]{{"Caddyfile", "CaddyE2EIT"}, {"nginx.conf", "NginxE2EIT"},
                {"identity-headers.yaml", "E2eVerifier"}}) {
            String test = Files.readString(Path.of("src/test/java/org/jwtverifier/e2e/" + pair[1] + ".java"),
                    StandardCharsets.UTF_8);
            assertTrue(test.contains("docsExample(\"" + pair[0] + "\")"), pair[1] + " does not render " + pair[0]);
            assertFalse(Files.readString(Path.of("docs/examples", pair[0])).isBlank());
        }
    }
}
