package org.jwtverifier.scripts;

import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.ScriptRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load benchmark's script ({@code tomcat/bench/load.sh}) as far as it runs without starting anything: it
 * passes shellcheck like the operator scripts, {@code --help} documents every option its parser takes, and a bad
 * option or JDK stops it with exit code 2 before it builds, installs or starts anything. The benchmark itself runs
 * minutes of load on purpose and is not a test.
 */
class LoadScriptTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Path SCRIPT = ScriptRun.projectDir().resolve("tomcat/bench/load.sh");

    private static ScriptRun load(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return ScriptRun.run(BOUND, command);
    }

    @Test
    void passesShellcheck() {
        ShellScriptsTest.assertParsesAndPassesShellcheck(SCRIPT);
    }

    @Test
    void helpDocumentsEveryOptionTheParserTakes() throws IOException {
        ScriptRun help = load("--help");
        assertEquals(0, help.exit(), help::toString);
        Matcher option = Pattern.compile("^ {4}(--[a-z-]+)\\)", Pattern.MULTILINE).matcher(Files.readString(SCRIPT));
        int options = 0;
        while (option.find()) {
            options++;
            assertTrue(help.out().contains(option.group(1) + " "), () -> option.group(1) + " is not in --help:\n" + help.out());
        }
        assertTrue(options >= 15, "too few options found in the parser: " + options);
        assertTrue(help.out().contains("--full") && help.out().contains("minutes"), help::toString);
    }

    @Test
    void unknownOptionStopsWithExitCode2() {
        ScriptRun run = load("--no-such-option");
        assertEquals(2, run.exit(), run::toString);
        assertEquals("unknown option --no-such-option", run.lastErrLine());
    }

    @Test
    void jdkWithoutJavaStopsWithExitCode2() throws IOException {
        Path empty = Files.createTempDirectory("no-jdk");
        try {
            ScriptRun run = load("--jdk", empty.toString());
            assertEquals(2, run.exit(), run::toString);
            assertEquals("no JDK at " + empty, run.lastErrLine());
        } finally {
            Files.delete(empty);
        }
    }

    /** The thread study's connector variants replace this attribute of the shipped server.xml. */
    @Test
    void shippedServerXmlHasTheMaxThreadsTheStudyReplaces() throws IOException {
        String xml = Files.readString(ScriptRun.projectDir().resolve("tomcat/conf/server.xml"));
        assertEquals(1, xml.split("maxThreads=\"200\"", -1).length - 1, "maxThreads=\"200\" once in tomcat/conf/server.xml");
    }
}
