package org.jwtverifier.scripts;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.ScriptRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up part of the README's test command ({@code ./test.sh}): what it finds, what it says is missing and
 * why it cannot go on, on this machine's real tools. A PATH without some of them stands for a fresh machine;
 * nothing is installed (--check, or a user who may not install).
 */
class TestCommandTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    /** Hidden from the PATH: the packages a fresh machine lacks (nginx is also looked for in /usr/sbin). */
    private static final Set<String> HIDDEN = Set.of("java", "javac", "mvn", "promtool", "caddy");
    private static final String MISSING = "openjdk-17-jdk-headless maven prometheus caddy";

    static Path freshPath;

    /** A folder of links to every command on this machine's PATH but the hidden ones. */
    @BeforeAll
    static void pathOfAFreshMachine() throws IOException {
        // Under target/ (not a JUnit temporary folder, whose clean-up warns about every link that leaves it).
        freshPath = ScriptRun.projectDir().resolve("target/test-command-path");
        if (Files.isDirectory(freshPath)) {
            try (Stream<Path> old = Files.list(freshPath)) {
                for (Path link : (Iterable<Path>) old::iterator) {
                    Files.delete(link);
                }
            }
        }
        Files.createDirectories(freshPath);
        for (String dir : System.getenv("PATH").split(":")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(d)) {
                for (Path command : (Iterable<Path>) commands::iterator) {
                    Path link = freshPath.resolve(command.getFileName().toString());
                    if (!HIDDEN.contains(link.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        // Readable by the unprivileged user of the no-sudo case.
        Files.setPosixFilePermissions(freshPath, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static ScriptRun testSh(Map<String, String> env, String... args) {
        return ScriptRun.run(BOUND, env, Stream.concat(Stream.of("./test.sh"), Stream.of(args)).toList());
    }

    @Test
    void checkOnThisMachineFindsEveryToolAndTheJdkForTomcat11() {
        ScriptRun run = testSh(Map.of(), "--check");
        assertEquals(0, run.exit(), run::toString);
        for (String tool : List.of("java", "javac", "mvn", "promtool", "caddy", "nginx", "shellcheck", "systemd-analyze")) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches(" {4}" + tool + " +/.*")), () -> tool + ": " + run);
        }
        assertTrue(run.out().contains("Tomcat 11 runs on "), run::toString);
        assertTrue(run.out().contains("==> test [") && run.out().contains("set up: every tool the tests need is here"),
                run::toString);
        assertFalse(run.out().contains("\u001b["), () -> "colour codes in the report: " + run);
    }

    @Test
    void checkOnAFreshMachineNamesEveryMissingPackageOnItsLastLine() {
        ScriptRun run = testSh(Map.of("PATH", freshPath.toString()), "--check");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("    caddy      MISSING (Debian package caddy)"), run::toString);
        assertTrue(run.out().contains("    promtool   MISSING (Debian package prometheus)"), run::toString);
        assertEquals("==> test [   0s] CANNOT GO ON: missing Debian packages: " + MISSING
                + " (./test.sh --setup-only installs them)", run.lastErrLine().replaceAll("\\[ *\\d+s]", "[   0s]"), run::toString);
        assertFalse(run.out().contains("==> test [") && run.out().contains("mvn -B verify"), run::toString);
    }

    @Test
    void setUpWithoutRootOrSudoSaysSoInOneLine() throws Exception {
        List<String> command;
        if ("root".equals(System.getProperty("user.name"))) {
            // As nobody, who may not install (sudo, where it is installed, has no rule for nobody).
            command = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "./test.sh", "--setup-only");
        } else {
            ScriptRun sudo = ScriptRun.run(BOUND, List.of("bash", "-c", "sudo -n true"));
            Assumptions.assumeTrue(sudo.exit() != 0,
                    "this user has password-less sudo: the no-sudo case would install packages; run the build as root or without sudo");
            command = List.of("./test.sh", "--setup-only");
        }
        ScriptRun run = ScriptRun.run(BOUND, Map.of("PATH", freshPath.toString()), command);
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.lastErrLine().matches("==> test \\[ *\\d+s] CANNOT GO ON: missing Debian packages " + MISSING
                + ", and this user \\(.+\\) is not root and has no password-less sudo: run 'sudo apt-get install "
                + MISSING + "', or run this script as root"), run::toString);
    }

    /**
     * As root on a machine whose package mirror cannot be reached: apt-get is pointed (APT_CONFIG) at a source
     * on a host that cannot resolve, with package lists of its own under target/, so nothing of the machine's apt
     * state is touched; the update fails before anything is installed.
     */
    @Test
    void setUpWithoutNetworkSaysSoInOneLine() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root reaches apt-get here (a user without sudo stops before it: see the case above)");
        Path apt = ScriptRun.projectDir().resolve("target/test-command-apt");
        Files.createDirectories(apt.resolve("lists/partial"));
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list"), "deb http://mirror.invalid/debian bookworm main\n");
        Path config = Files.writeString(apt.resolve("apt.conf"), ("Dir::Etc::sourcelist \"%1$s/sources.list\";\n"
                + "Dir::Etc::sourceparts \"%1$s/sources.list.d\";\n"
                + "Dir::State::lists \"%1$s/lists\";\n").formatted(apt));
        ScriptRun run = testSh(Map.of("PATH", freshPath.toString(), "APT_CONFIG", config.toString()), "--setup-only");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("apt-get update"), run::toString);
        assertTrue(run.lastErrLine().matches("==> test \\[ *\\d+s] CANNOT GO ON: apt-get could not reach Debian's package"
                + " mirrors \\(no network\\?\\); install by hand: apt-get install " + MISSING), run::toString);
    }

    @Test
    void usageExitsTwoWithTheHeaderOnly() {
        for (String[] args : List.of(new String[]{"--help"}, new String[]{"verify"}, new String[]{"--check", "more"})) {
            ScriptRun run = testSh(Map.of(), args);
            assertEquals(2, run.exit(), run::toString);
            assertTrue(run.err().startsWith("The test command: "), run::toString);
            assertTrue(run.err().strip().endsWith("else Maven's."), () -> "the usage ends with its text: " + run);
            assertEquals("", run.out(), run::toString);
        }
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommand() throws IOException {
        Path project = ScriptRun.projectDir();
        List<String> readme = Files.readAllLines(project.resolve("README.md"));
        int intro = readme.indexOf(readme.stream().filter(l -> l.startsWith("Run every test")).findFirst()
                .orElseThrow(() -> new AssertionError("README has no 'Run every test' paragraph")));
        int open = readme.subList(intro, readme.size()).indexOf("```bash") + intro;
        int close = readme.subList(open + 1, readme.size()).indexOf("```") + open + 1;
        assertEquals(List.of("./test.sh"), readme.subList(open + 1, close), "the README's test command");
        List<String> code = Files.readAllLines(project.resolve(".ci/run")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of("exec \"$(dirname \"${BASH_SOURCE[0]}\")/../test.sh\""), code,
                ".ci/run runs the README's test command and nothing else");
    }
}
