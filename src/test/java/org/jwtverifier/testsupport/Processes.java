package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the tests that start real servers (Tomcat, Terracotta, Keycloak, proxies, containers) do alike. */
public final class Processes {
    private Processes() {
    }

    /**
     * Stops {@code process} with SIGTERM (a clean shutdown), and calls {@code forcibly} when it has not ended
     * within {@code grace} or the wait is interrupted. Does nothing for a process that has already ended.
     */
    public static void terminate(Process process, Duration grace, Runnable forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                forcibly.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forcibly.run();
        }
    }

    /**
     * Kills {@code process} and what it started with SIGKILL, as {@code kill -9} or the OOM killer would: nothing
     * is closed. Waits up to {@code bound} for it to end.
     *
     * @param what names it in the failure when it survives
     * @return its exit value (137 for a JVM killed so)
     */
    public static int kill(Process process, Duration bound, String what) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Sleeps; an interruption ends the test. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
