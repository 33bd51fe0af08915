package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A Tomcat process of the test's own, for what cannot be done to the Tomcat that Arquillian shares between test
 * classes (killing it), and for what only the shipped setup shows. It runs the unpacked distribution of the build
 * ({@code jwtverifier.it.tomcat.dir}, on {@code jwtverifier.it.tomcat.java.home} when set, else on the test's own
 * JDK) with its own {@code CATALINA_BASE} under the test work directory, laid out the way {@code tomcat/run.sh}
 * lays out its own: the shipped {@code tomcat/conf/server.xml}, {@code tomcat/conf/logging.properties} and
 * {@code tomcat/setenv.sh} (as
 * {@code bin/setenv.sh}, which {@code catalina.sh} sources), the JMX password and access files from {@code jmx/}
 * (mode 600), the native signature provider as run.sh installs it ({@code tomcat/conf/native-crypto.security} and the
 * provider's jar, {@code jwtverifier.it.native.crypto.jar}, in {@code lib/native-crypto/}; {@code NATIVE_CRYPTO=off}
 * through {@link #env} starts without it, as for run.sh), the packaged WAR at {@code /jwt-verifier} configured by
 * a context file, and free ports on 127.0.0.1
 * for HTTP and JMX ({@code HTTP_PORT}, {@code JMX_PORT}, as for run.sh). Its console goes to
 * {@code logs/console.log} of that base.
 */
public final class StandaloneTomcat implements AutoCloseable {
    private final Path home;
    private final Path base;
    private final int port;
    private final int jmxPort;
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process process;

    private StandaloneTomcat(Path home, Path base, int port, int jmxPort) {
        this.home = home;
        this.base = base;
        this.port = port;
        this.jmxPort = jmxPort;
    }

    /**
     * Lays out a fresh {@code CATALINA_BASE} named {@code name} whose only application is the packaged WAR,
     * configured by {@code configFile}.
     */
    public static StandaloneTomcat create(String name, Path configFile) {
        Path home = Path.of(System.getProperty("jwtverifier.it.tomcat.dir", "target/it-tomcat")).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("no unpacked Tomcat at " + home + ": run the tests through 'mvn verify'");
        }
        Path base = TestConfig.workDir().resolve(name + "-tomcat");
        try {
            Processes.deleteRecursively(base);
            for (String dir : new String[]{"logs", "temp", "work", "webapps", "conf/Catalina/localhost"}) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
                for (Path file : (Iterable<Path>) conf.filter(Files::isRegularFile)::iterator) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // What tomcat/run.sh installs, from the same files.
            Path project = projectDir();
            Files.createDirectories(base.resolve("bin"));
            install(project.resolve("tomcat/conf/server.xml"), base.resolve("conf/server.xml"), "rw-r--r--");
            install(project.resolve("tomcat/conf/logging.properties"), base.resolve("conf/logging.properties"),
                    "rw-r--r--");
            install(project.resolve("tomcat/setenv.sh"), base.resolve("bin/setenv.sh"), "rwxr-xr-x");
            install(project.resolve("tomcat/conf/native-crypto.security"), base.resolve("conf/native-crypto.security"),
                    "rw-r--r--");
            Path nativeCrypto = nativeCryptoJar();
            Files.createDirectories(base.resolve("lib/native-crypto"));
            install(nativeCrypto, base.resolve("lib/native-crypto").resolve(nativeCrypto.getFileName()), "rw-r--r--");
            install(project.resolve("jmx/jmxremote.password"), base.resolve("conf/jmxremote.password"), "rw-------");
            install(project.resolve("jmx/jmxremote.access"), base.resolve("conf/jmxremote.access"), "rw-------");
            Files.writeString(base.resolve("conf/Catalina/localhost/jwt-verifier.xml"),
                    "<Context docBase=\"" + Deployments.packagedWar() + "\">\n"
                            + "  <Parameter name=\"" + Deployments.CONFIG_PARAMETER + "\" value=\"" + configFile.toAbsolutePath()
                            + "\" override=\"false\"/>\n</Context>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StandaloneTomcat(home, base, LoopbackPorts.free(), LoopbackPorts.free());
    }

    /** The native provider's jar in the local Maven repository ({@code jwtverifier.it.native.crypto.jar}, set by failsafe). */
    public static Path nativeCryptoJar() {
        String jar = System.getProperty("jwtverifier.it.native.crypto.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no native provider jar at jwtverifier.it.native.crypto.jar=" + jar
                    + ": run the tests through 'mvn verify'");
        }
        return Path.of(jar);
    }

    /** The project folder ({@code jwtverifier.it.basedir}, which failsafe sets; else the working directory). */
    private static Path projectDir() {
        return Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath();
    }

    private static void install(Path from, Path to, String permissions) throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new IllegalStateException("no " + from + ": is jwtverifier.it.basedir the project folder?");
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(permissions));
    }

    /** @return a client for the verifier on this Tomcat */
    public VerifierClient client() {
        return new VerifierClient("http://127.0.0.1:" + port + "/jwt-verifier");
    }

    public Path base() {
        return base;
    }

    /** @return the HTTP port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the JMX port on 127.0.0.1 (authenticated: the demo users of {@code jmx/jmxremote.password}) */
    public int jmxPort() {
        return jmxPort;
    }

    /** Sets an environment variable of the Tomcat process, from the next {@link #start()} on. */
    public StandaloneTomcat env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts Tomcat ({@code catalina.sh run}, which execs the JVM) and waits until the verifier answers. */
    public void start() {
        start(200);
    }

    /**
     * Starts Tomcat and waits until {@code /health} answers {@code status}: 200 when the verifier runs, 404 when
     * its deployment failed (Tomcat opens its connector only after deploying, so a 404 is final).
     */
    public void start(int status) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder builder = command()
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VerifierClient client = client();
        Await.until(Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + "; see " + console());
            }
            try {
                return client.get("/health").statusCode() == status;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, () -> "the verifier on the standalone Tomcat never answered /health with " + status + "; see " + console());
    }

    /**
     * The command that runs this Tomcat in the foreground ({@code catalina.sh run}, which execs the JVM), with its
     * environment: {@code CATALINA_HOME}, {@code CATALINA_BASE}, {@code JAVA_HOME}, the ports for
     * {@code bin/setenv.sh} and what {@link #env} set. Output is left to the caller.
     */
    public ProcessBuilder command() {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run");
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("JAVA_HOME", javaHome());
        // Read by bin/setenv.sh, as for tomcat/run.sh; setenv.sh appends its own flags to CATALINA_OPTS.
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("JMX_PORT", Integer.toString(jmxPort));
        builder.environment().put("CATALINA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        builder.environment().remove("CATALINA_PID");
        builder.environment().putAll(environment);
        return builder;
    }

    /** @return the JDK this Tomcat runs on: {@code jwtverifier.it.tomcat.java.home}, else the test's own */
    public static String javaHome() {
        return System.getProperty("jwtverifier.it.tomcat.java.home", System.getProperty("java.home"));
    }

    /** Kills the Tomcat JVM with SIGKILL, as {@code kill -9} or the OOM killer would: nothing is closed. */
    public int kill() {
        return Processes.kill(process, Duration.ofSeconds(30), "Tomcat");
    }

    /** @return what Tomcat and the verifier printed so far (console and Tomcat's own log files) */
    public String log() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : (Iterable<Path>) logs.sorted()::iterator) {
                all.append(Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** @return the file the Tomcat process's standard output and error go to */
    public Path console() {
        return base.resolve("logs/console.log");
    }

    /** Stops Tomcat with SIGTERM (a clean shutdown), forcibly if it does not end in time. */
    @Override
    public void close() {
        Processes.terminate(process, Duration.ofSeconds(30), this::kill);
    }
}
