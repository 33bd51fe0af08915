package org.jwtverifier.keycloak;

import org.jwtverifier.e2e.ExternalServer;
import org.jwtverifier.testsupport.LoopbackPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jwtverifier.testsupport.Processes;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by the build into the folder named by the
 * system property {@code jwtverifier.it.keycloak.home}) in development mode: {@code bin/kc.sh start-dev} with HTTP
 * and the management interface on free 127.0.0.1 ports, its H2 data wiped first so every run starts from an empty
 * master realm with a bootstrap administrator. Stopped by its PID.
 *
 * <p>One instance is shared by every Keycloak test class in a JVM ({@link #shared()}): a start costs about a
 * minute (two, the first time, when Quarkus re-augments the distribution for development mode).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    /** Bounds the whole start, augmentation included, on a busy 2-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private static KeycloakServer shared;

    private final ExternalServer process;
    private final int port;
    private final Duration startTime;

    private KeycloakServer(ExternalServer process, int port, Duration startTime) {
        this.process = process;
        this.port = port;
        this.startTime = startTime;
    }

    /** The running shared instance; started (again) when there is none or it was stopped. */
    public static synchronized KeycloakServer shared() {
        if (shared == null || !shared.isAlive()) {
            shared = start();
            KeycloakServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
        }
        return shared;
    }

    /** The unpacked distribution; fails, naming the build profile, when it is missing. */
    static Path home() {
        String configured = System.getProperty("jwtverifier.it.keycloak.home");
        Path home = configured == null ? null : Path.of(configured);
        if (home == null || !Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new AssertionError("no Keycloak distribution at " + home + " (system property "
                    + "jwtverifier.it.keycloak.home): the Keycloak tests run in the build's slow profile, which "
                    + "unpacks it: mvn verify -Pslow");
        }
        return home;
    }

    static KeycloakServer start() {
        Path home = home();
        Path data = home.resolve("data");
        Processes.deleteRecursively(data);
        int port = LoopbackPorts.free();
        int managementPort = LoopbackPorts.free();
        Path logs = home.getParent().resolve("keycloak-run");
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // Nothing is exposed there unless health or metrics are enabled; bound to loopback all the same.
                "--http-management-host=127.0.0.1", "--http-management-port=" + managementPort);
        Map<String, String> env = Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // kc.sh's own default outside containers, stated so the figure the tests report stays comparable.
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        Instant begin = Instant.now();
        ExternalServer process = ExternalServer.start("keycloak", command, home, logs, env, port, START_TIMEOUT);
        KeycloakServer server = new KeycloakServer(process, port, Duration.ZERO);
        Instant deadline = begin.plus(START_TIMEOUT);
        // The port opens when Quarkus is up; the master realm answers once Keycloak's bootstrap is done.
        while (!server.answers("/realms/master")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.close();
                throw new AssertionError("Keycloak did not answer within " + START_TIMEOUT + "\n" + process.logs());
            }
            Processes.sleep(250);
        }
        Duration took = Duration.between(begin, Instant.now());
        System.out.printf("Keycloak started in %d s (pid %d, RSS %d MiB)%n", took.toSeconds(), process.pid(),
                rssKib(process.pid()) / 1024);
        return new KeycloakServer(process, port, took);
    }

    private boolean answers(String path) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code iss} of a realm's tokens in development mode: derived from the request's host. */
    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public Duration startTime() {
        return startTime;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory of the Keycloak JVM (kc.sh execs it, so it is this PID), from /proc; 0 when unknown. */
    public long rssKib() {
        return rssKib(process.pid());
    }

    private static long rssKib(long pid) {
        long total = 0;
        for (ProcessHandle h : Stream.concat(ProcessHandle.of(pid).stream(),
                ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)).toList()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    public String logs() {
        return process.logs();
    }

    /** SIGTERM to the PID (and to any child left), SIGKILL after a grace period. */
    @Override
    public void close() {
        process.close();
    }
}
