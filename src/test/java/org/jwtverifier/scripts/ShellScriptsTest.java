package org.jwtverifier.scripts;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.jwtverifier.testsupport.ScriptRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operator script parses ({@code bash -n}) and passes {@code shellcheck} at severity warning (unquoted
 * expansions, unused variables, ...). shellcheck is Debian's package of that name, which {@code ./test.sh}
 * installs; without it this test fails and says so. The benchmark harness (tomcat/bench) is not an operator
 * script and is left out here; {@link LoadScriptTest} checks its load.sh the same way.
 */
class ShellScriptsTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    static List<Path> operatorScripts() throws IOException {
        Path root = ScriptRun.projectDir();
        List<Path> scripts = new ArrayList<>(List.of(root.resolve("test.sh"), root.resolve(".ci/run")));
        for (String dir : List.of("jmx", "tomcat", "webapp-config")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".sh"))
                        .filter(p -> !p.startsWith(root.resolve("tomcat/bench")))
                        .sorted().forEach(scripts::add);
            }
        }
        return scripts;
    }

    @TestFactory
    Stream<DynamicTest> everyOperatorScriptParsesAndPassesShellcheck() throws IOException {
        List<Path> scripts = operatorScripts();
        assertTrue(scripts.size() >= 6, () -> "too few scripts found: " + scripts);
        return scripts.stream().map(script -> DynamicTest.dynamicTest(ScriptRun.projectDir().relativize(script).toString(),
                () -> assertParsesAndPassesShellcheck(script)));
    }

    /** The script is executable, {@code bash -n} parses it and {@code shellcheck -S warning} finds nothing. */
    static void assertParsesAndPassesShellcheck(Path script) {
        assertTrue(Files.isExecutable(script), script + " is not executable");
        ScriptRun syntax = ScriptRun.run(BOUND, List.of("bash", "-n", script.toString()));
        assertEquals(0, syntax.exit(), syntax::toString);
        ScriptRun lint;
        try {
            lint = ScriptRun.run(BOUND, List.of("shellcheck", "-S", "warning", "-x", script.toString()));
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("shellcheck is not installed (Debian package 'shellcheck'; ./test.sh installs it)", e);
        }
        assertEquals(0, lint.exit(), lint::toString);
        assertFalse(lint.out().contains("SC"), lint::toString);
    }
}
