package org.jwtverifier.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jwtverifier.testsupport.Processes;

/**
 * A server binary (caddy, nginx) started with {@link ProcessBuilder} on a loopback port, its output captured in
 * files, stopped by its PID: {@link Process#destroy()} (SIGTERM), then {@link Process#destroyForcibly()}, and the
 * same for any child it left behind (nginx workers).
 */
public record ExternalServer(String name, Process process, Path stdout, Path stderr) implements AutoCloseable {

    /**
     * The binary {@code command} from PATH, {@code /usr/sbin}, {@code /usr/local/sbin} or {@code /usr/local/bin}.
     * A missing binary fails the test: the end-to-end proof needs the real proxy.
     */
    public static Path requireBinary(String command, String debianPackage) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin")) {
            dirs.add(Path.of(dir));
        }
        return requireBinary(command, debianPackage, dirs);
    }

    /** The first executable regular file named {@code command} in {@code dirs}, in order. */
    static Path requireBinary(String command, String debianPackage, List<Path> dirs) {
        List<Path> candidates = dirs.stream().map(d -> d.resolve(command)).toList();
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("'" + command + "' is not installed (looked in PATH, /usr/sbin, /usr/local/sbin): "
                + "the end-to-end tests run the real " + command + ". Install it with "
                + "'apt-get install " + debianPackage + "' (./test.sh does this).");
    }

    /**
     * Starts {@code command} in {@code workDir} with its output in {@code <logDir>/stdout.log} and
     * {@code stderr.log}, and waits until {@code 127.0.0.1:port} accepts connections.
     */
    public static ExternalServer start(String name, List<String> command, Path workDir, Path logDir,
                                       Map<String, String> environment, int port, Duration timeout) {
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve("stdout.log");
            Path err = logDir.resolve("stderr.log");
            Files.writeString(logDir.resolve("command.txt"), String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(environment);
            Process process = pb.start();
            process.getOutputStream().close();
            ExternalServer server = new ExternalServer(name, process, out, err);
            server.awaitListening(port, timeout);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private void awaitListening(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before listening on 127.0.0.1:"
                        + port + "\n" + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new AssertionError(name + " did not listen on 127.0.0.1:" + port + " within " + timeout + "\n"
                        + logs());
            }
            Processes.sleep(50);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Both captured outputs, for failure messages. */
    public String logs() {
        return "---- " + name + " stdout (" + stdout + ")\n" + tail(stdout) + "\n---- " + name + " stderr (" + stderr
                + ")\n" + tail(stderr);
    }

    private static String tail(Path file) {
        try {
            String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGTERM, up to 10 s grace, then SIGKILL; then the same for children still running. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        stop(process.toHandle());
        for (ProcessHandle child : children) {
            stop(child);
        }
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception timeoutOrInterrupt) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported by the caller's port checks, if it matters
            }
        }
    }
}
