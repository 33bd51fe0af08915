package org.jwtverifier.containers;

import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwtverifier.testsupport.Processes;

/**
 * What every process-started container shares: the launcher process, the container JVM found among its
 * descendants (a launcher script or start.jar may run it as a child), bounded waits on HTTP, stop by PID, and
 * {@code jcmd} on that PID.
 */
abstract class ContainerProcess implements ServletContainer {
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    protected final Path base;
    private Process launcher;
    private ProcessHandle jvm;

    ContainerProcess(Path base) {
        this.base = base;
    }

    /** The command that starts the container, in {@link #base}, its console going to {@code console}. */
    abstract ProcessBuilder command();

    /** @return true when {@code process} is the container JVM rather than a launcher */
    abstract boolean isContainerJvm(ProcessHandle process);

    /** @return true when {@code process} was started with {@code argument} among its arguments */
    static boolean hasArgument(ProcessHandle process, String argument) {
        return process.info().arguments().map(args -> List.of(args).contains(argument)).orElse(false);
    }

    /** The JDK the container runs on: {@code jwtverifier.it.container.java.home}, else the test's own. */
    String javaHome() {
        return System.getProperty("jwtverifier.it.container.java.home", System.getProperty("java.home"));
    }

    Path console() {
        return base.resolve("console.log");
    }

    @Override
    public Duration start() {
        if (launcher != null && launcher.isAlive()) {
            throw new IllegalStateException(name() + " already running");
        }
        ProcessBuilder builder = command()
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        builder.environment().put("JAVA_HOME", javaHome());
        long started = System.nanoTime();
        try {
            launcher = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealth(200, START_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        jvm = findJvm();
        return took;
    }

    private ProcessHandle findJvm() {
        if (isContainerJvm(launcher.toHandle())) {
            return launcher.toHandle();
        }
        return launcher.descendants().filter(this::isContainerJvm).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name() + " JVM under launcher " + launcher.pid()));
    }

    @Override
    public long pid() {
        return jvm.pid();
    }

    /** Polls {@code /health} until it answers {@code status}; fails naming the console when the JVM exits. */
    void awaitHealth(int status, Duration timeout) {
        VerifierClient client = client();
        Await.until(timeout, () -> {
            if (!launcher.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + launcher.exitValue() + "; see " + console());
            }
            try {
                return client.get("/health").statusCode() == status;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, () -> "/health on " + name() + " never answered " + status + "; see " + console());
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output. */
    public String jcmd(String... command) {
        List<String> line = new ArrayList<>();
        // The container's own JDK's jcmd: attaching from another release is not guaranteed to work.
        line.add(Path.of(javaHome(), "bin", "jcmd").toString());
        line.add(Long.toString(pid()));
        line.addAll(List.of(command));
        return run(line, Duration.ofSeconds(60));
    }

    /** Runs a short command to its end (bounded), failing on a non-zero exit; returns its output. */
    static String run(List<String> command, Duration timeout) {
        return run(new ProcessBuilder(command), timeout);
    }

    static String run(ProcessBuilder builder, Duration timeout) {
        try {
            Path out = Files.createTempFile("container-cmd", ".out");
            try {
                Process p = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new IllegalStateException(builder.command() + " did not end within " + timeout);
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(builder.command() + " exited with " + p.exitValue() + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String log() {
        StringBuilder all = new StringBuilder();
        for (Path file : logFiles()) {
            try {
                if (Files.isRegularFile(file)) {
                    all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        launcher.descendants().forEach(all::add);
        all.add(launcher.toHandle());
        // SIGTERM to the container JVM first: its shutdown hook stops the server and undeploys the WAR cleanly.
        ProcessHandle target = jvm != null ? jvm : launcher.toHandle();
        target.destroy();
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception notInTime) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    // ---- files ---------------------------------------------------------------------------------

    static void copy(Path from, Path to) {
        if (!Files.isRegularFile(from)) {
            throw new IllegalStateException("no " + from + ": is jwtverifier.it.basedir the project folder?");
        }
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies and makes the file readable by its owner only, as the JDK demands of a JMX password file. */
    static void copyPrivate(Path from, Path to) {
        copy(from, to);
        try {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project folder ({@code jwtverifier.it.basedir}, which failsafe sets; else the working directory). */
    static Path projectDir() {
        return Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath();
    }

    /** The unpacked distribution named by system property {@code property}, checked for {@code marker}. */
    static Path distribution(String property, String defaultDir, String marker) {
        Path home = Path.of(System.getProperty(property, defaultDir)).toAbsolutePath();
        if (!Files.exists(home.resolve(marker))) {
            throw new IllegalStateException("no unpacked distribution at " + home + " (" + marker
                    + " missing): run the tests through 'mvn verify'");
        }
        return home;
    }
}
