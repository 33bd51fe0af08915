package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a real shell script or program of the project, as an operator would run it: its exit code, stdout
 * and stderr. The process gets no stdin, is bounded by a timeout (then killed with its children) and runs in the
 * project folder ({@code jwtverifier.it.basedir}, which failsafe sets; else the working directory).
 */
public record ScriptRun(List<String> command, int exit, String out, String err) {

    /** The project folder. */
    public static Path projectDir() {
        return Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath().normalize();
    }

    /** Runs {@code command} with this JVM's environment changed by {@code env} (a null value removes the variable). */
    public static ScriptRun run(Duration timeout, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir().toFile());
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process p;
        try {
            p = builder.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\n--- stdout\n" + out.getNow("") + "--- stderr\n" + err.getNow(""));
            }
            ScriptRun run = new ScriptRun(command, p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
            System.out.println(run);
            return run;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command, e);
        }
    }

    public static ScriptRun run(Duration timeout, List<String> command) {
        return run(timeout, Map.of(), command);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last line of stderr (where the scripts put the line that says why they stopped). */
    public String lastErrLine() {
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
        return "$ " + String.join(" ", command) + "\nexit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
