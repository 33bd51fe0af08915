package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Terracotta server (the Ehcache clustered kit of the build, {@code jwtverifier.it.terracotta.dir}) started by the
 * test as a process of its own and stopped by its PID. It runs the shipped server configuration,
 * {@code docs/examples/terracotta-cluster.cfg} (bound to 127.0.0.1), with free loopback ports and folders under
 * the test work directory in place of the file's {@code 9410}, {@code 9430} and {@code /var/lib/terracotta}.
 *
 * <p>The JVM is started directly ({@code java -jar server/lib/tc.jar}, as the kit's {@code start-tc-server.sh}
 * does) rather than through that script, whose restart loop would outlive a SIGTERM sent to the script. The same
 * instance can be stopped and started again on the same ports; the open-source server keeps no data across a
 * restart (EhcacheClusteredContractIT).
 */
public final class TerracottaServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY = "is now ready for work";

    private final Path kit;
    private final Path base;
    private final Path configFile;
    private final int port;
    private Process process;
    private int starts;

    private TerracottaServer(Path kit, Path base, Path configFile, int port) {
        this.kit = kit;
        this.base = base;
        this.configFile = configFile;
        this.port = port;
    }

    /** Lays out a fresh folder named {@code name} for a server with the shipped configuration. */
    public static TerracottaServer create(String name) {
        Path kit = Path.of(System.getProperty("jwtverifier.it.terracotta.dir", "target/terracotta-kit")).toAbsolutePath();
        if (!Files.isRegularFile(kit.resolve("server/lib/tc.jar"))) {
            throw new IllegalStateException("no unpacked Terracotta kit at " + kit + ": run the tests through 'mvn verify'");
        }
        Path base = TestConfig.workDir().resolve(name + "-terracotta");
        int port = LoopbackPorts.free();
        int groupPort = LoopbackPorts.free();
        try {
            Processes.deleteRecursively(base);
            Files.createDirectories(base);
            String shipped = Files.readString(shippedConfig(), StandardCharsets.UTF_8);
            String config = shipped.replace("/var/lib/terracotta", base.toString())
                    .replace("node1:port=9410", "node1:port=" + port)
                    .replace("node1:group-port=9430", "node1:group-port=" + groupPort);
            if (config.equals(shipped) || !config.contains("port=" + port) || !config.contains("port=" + groupPort)) {
                throw new IllegalStateException(shippedConfig() + " no longer has the lines this harness rewrites");
            }
            Path file = base.resolve("cluster.cfg");
            Files.writeString(file, config, StandardCharsets.UTF_8);
            return new TerracottaServer(kit, base, file, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docs/examples/terracotta-cluster.cfg} of the project folder. */
    public static Path shippedConfig() {
        return Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath()
                .resolve("docs/examples/terracotta-cluster.cfg");
    }

    /** @return {@code terracotta://127.0.0.1:PORT/entity} */
    public URI uri(String entity) {
        return URI.create("terracotta://127.0.0.1:" + port + "/" + entity);
    }

    /**
     * @return the {@code cluster} section of {@code docs/examples/cluster.yaml} (the one the docs show), naming this
     *         server in place of {@code 127.0.0.1:9410}
     */
    public String clusterSection() {
        Path shipped = shippedConfig().resolveSibling("cluster.yaml");
        try {
            String text = Files.readString(shipped, StandardCharsets.UTF_8);
            String section = text.replace("terracotta://127.0.0.1:9410/jwt-verifier", uri("jwt-verifier").toString());
            if (section.equals(text)) {
                throw new IllegalStateException(shipped + " no longer names terracotta://127.0.0.1:9410/jwt-verifier");
            }
            return section.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the server and waits (bounded) until it says it is the active node and ready for work. */
    public void start() {
        if (isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        Path console = base.resolve("console-" + starts + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xms64m", "-Xmx256m",
                "-XX:MaxDirectMemorySize=512m", "-XX:TieredStopAtLevel=1",
                "-Dtc.install-root=" + kit.resolve("server"), "-jar", kit.resolve("server/lib/tc.jar").toString(),
                "-config-file", configFile.toString(), "-config-dir", base.resolve("config").toString(),
                "-auto-activate"))
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Await.until(START_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Terracotta server exited with " + process.exitValue()
                            + ": " + read(console));
                }
                return read(console).contains(READY);
            }, () -> "the Terracotta server did not become active; see " + console);
        } catch (RuntimeException | AssertionError e) {
            kill();
            throw e;
        }
    }

    /** Stops the server with SIGTERM, with SIGKILL when it does not end within 20 s. */
    public void stop() {
        Processes.terminate(process, Duration.ofSeconds(20), this::kill);
    }

    /** Kills the server with SIGKILL. */
    public void kill() {
        if (process != null) {
            Processes.kill(process, Duration.ofSeconds(20), "the Terracotta server");
        }
    }

    /** @return the server's console output of its latest start */
    public String log() {
        return read(base.resolve("console-" + starts + ".log"));
    }

    @Override
    public void close() {
        stop();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
