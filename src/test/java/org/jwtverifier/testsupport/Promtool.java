package org.jwtverifier.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real {@code promtool} (Debian package {@code prometheus}). Fails the test, never skips, when it is missing
 * or says no.
 */
public final class Promtool {

    private Promtool() {
    }

    /** {@code promtool ARGS...}, standard input from {@code stdin} when not null; what it printed. */
    public static String run(Path stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("promtool is not installed (Debian package 'prometheus'; ./test.sh installs it): " + e.getMessage());
            throw new AssertionError(e);
        }
        try {
            String output = Blocking.unchecked(() -> {
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 60 s");
                }
                return text;
            });
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + output);
            }
            return output;
        } finally {
            p.destroyForcibly();
        }
    }
}
