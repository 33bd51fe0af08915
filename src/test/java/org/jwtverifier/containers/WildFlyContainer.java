package org.jwtverifier.containers;

import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import org.jwtverifier.testsupport.Processes;

/**
 * WildFly (standalone, full Jakarta EE) from the unpacked {@code wildfly-dist} of the build
 * ({@code jwtverifier.it.wildfly.home}), run with a server base directory of the test's own
 * ({@code jboss.server.base.dir}): a copy of the distribution's {@code standalone/configuration}, to which the
 * shipped {@code wildfly/jwt-verifier.cli} is applied offline (embedded server) and a management user added with
 * {@code wildfly/add-jmx-user.sh}; the configuration file as {@code configuration/jwt-verifier.yaml}, the packaged
 * WAR, unchanged, in {@code deployments/}. Every socket moves by one free port offset; the distribution binds
 * 127.0.0.1 by default. Undeploy and deploy use the deployment scanner's marker files.
 */
public final class WildFlyContainer extends ContainerProcess {
    static final String JMX_USER = "jmx-admin";
    static final String JMX_PASSWORD = "admin-demo-1!";
    static final String JMX_MONITOR = "jmx-monitor";
    static final String JMX_MONITOR_PASSWORD = "monitor-demo-1!";
    private static final String WAR = "jwt-verifier.war";
    /** WildFly's default ports, each moved by the offset: ajp, http, https, management http/https, transactions. */
    private static final int[] DEFAULT_PORTS = {8009, 8080, 8443, 9990, 9993, 4712, 4713};

    private final Path home;
    private final int offset;
    private URLClassLoader jmxClient;

    private WildFlyContainer(Path home, Path base, int offset) {
        super(base);
        this.home = home;
        this.offset = offset;
    }

    /** Lays out a fresh server base named {@code name} whose only deployment is the packaged WAR. */
    public static WildFlyContainer create(String name, Path configFile) {
        Path home = distribution("jwtverifier.it.wildfly.home", "target/it-wildfly", "jboss-modules.jar");
        Path base = TestConfig.workDir().resolve(name + "-wildfly");
        Processes.deleteRecursively(base);
        Path project = projectDir();
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                copy(file, base.resolve("configuration").resolve(file.getFileName()));
            }
            Files.createDirectories(base.resolve("deployments"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copy(configFile, base.resolve("configuration/jwt-verifier.yaml"));

        for (String[] user : new String[][]{{JMX_USER, JMX_PASSWORD}, {JMX_MONITOR, JMX_MONITOR_PASSWORD}}) {
            ProcessBuilder addUser = new ProcessBuilder(project.resolve("wildfly/add-jmx-user.sh").toString(),
                    user[0], user[1], base.resolve("configuration").toString());
            addUser.environment().put("JBOSS_HOME", home.toString());
            javaHome(addUser);
            run(addUser, Duration.ofSeconds(60));
        }

        // The shipped CLI script, applied offline to this base; plus, for the tests, a faster deployment scanner
        // and worker threads that end after a second idle: an idle worker thread keeps the last request it ran
        // on its stack, and with it that request's deployment, until it runs another task (docs/containers.md),
        // so without this the redeploy check would see the last deployment's class loader held by WildFly.
        String script = "embed-server --server-config=standalone.xml --std-out=discard\n"
                + read(project.resolve("wildfly/jwt-verifier.cli"))
                + read(project.resolve("wildfly/jmx-roles.cli"))
                + "/subsystem=deployment-scanner/scanner=default:write-attribute(name=scan-interval,value=500)\n"
                + "/subsystem=io/worker=default:write-attribute(name=task-core-threads,value=0)\n"
                + "/subsystem=io/worker=default:write-attribute(name=task-keepalive,value=1000)\n"
                + "stop-embedded-server\n";
        Path cli = base.resolve("setup.cli");
        write(cli, script);
        ProcessBuilder jbossCli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + cli);
        jbossCli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        javaHome(jbossCli);
        run(jbossCli, Duration.ofSeconds(120));

        copy(Deployments.packagedWar(), base.resolve("deployments/" + WAR));
        return new WildFlyContainer(home, base, freeOffset());
    }

    private static void javaHome(ProcessBuilder builder) {
        builder.environment().put("JAVA_HOME", System.getProperty("jwtverifier.it.container.java.home",
                System.getProperty("java.home")));
    }

    /** A port offset under which every WildFly socket is free on 127.0.0.1 a moment ago. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 50000);
            boolean free = true;
            for (int port : DEFAULT_PORTS) {
                free &= isFree(port + offset);
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "WildFly " + System.getProperty("jwtverifier.it.wildfly.version", "38");
    }

    @Override
    ProcessBuilder command() {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset);
        // standalone.conf's own options stay (JAVA_OPTS unset); only the heap is bounded for a shared machine.
        builder.environment().put("JBOSS_JAVA_SIZING", "-Xms64m -Xmx512m");
        builder.environment().remove("JAVA_OPTS");
        return builder;
    }

    @Override
    boolean isContainerJvm(ProcessHandle process) {
        return hasArgument(process, "org.jboss.as.standalone");
    }

    public int httpPort() {
        return 8080 + offset;
    }

    public int managementPort() {
        return 9990 + offset;
    }

    @Override
    public VerifierClient client() {
        return new VerifierClient("http://127.0.0.1:" + httpPort() + "/jwt-verifier");
    }

    /**
     * WildFly's own connector on the management port ({@code remote+http}), as the management user; the client
     * library is the distribution's {@code bin/client/jboss-cli-client.jar}, which JConsole is given the same way.
     */
    @Override
    public RemoteJmx jmx() {
        return jmx(JMX_USER, JMX_PASSWORD);
    }

    /** The same connector as {@code jmx-monitor}, whom {@code wildfly/jmx-roles.cli} gives the Monitor role. */
    @Override
    public RemoteJmx jmxReadOnly() {
        return jmx(JMX_MONITOR, JMX_MONITOR_PASSWORD);
    }

    private synchronized RemoteJmx jmx(String user, String password) {
        if (jmxClient == null) {
            try {
                jmxClient = new URLClassLoader(new URL[]{home.resolve("bin/client/jboss-cli-client.jar").toUri().toURL()},
                        getClass().getClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return RemoteJmx.connect("service:jmx:remote+http://127.0.0.1:" + managementPort(),
                Map.of(JMXConnector.CREDENTIALS, new String[]{user, password},
                        "jmx.remote.protocol.provider.class.loader", jmxClient));
    }

    @Override
    public Path configFile() {
        return base.resolve("configuration/jwt-verifier.yaml");
    }

    /** Removing the {@code .deployed} marker makes the scanner undeploy the WAR (and write {@code .undeployed}). */
    @Override
    public void undeploy() {
        try {
            Files.delete(base.resolve("deployments/" + WAR + ".deployed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealth(404, START_TIMEOUT);
    }

    /** A {@code .dodeploy} marker makes the scanner deploy the WAR again. */
    @Override
    public void deploy() {
        write(base.resolve("deployments/" + WAR + ".dodeploy"), "");
        awaitHealth(200, START_TIMEOUT);
    }

    /** HTTP and the management port (which also carries JMX). */
    @Override
    public List<Integer> listeningPorts() {
        return List.of(httpPort(), managementPort());
    }

    @Override
    public List<Path> logFiles() {
        return List.of(console(), base.resolve("log/server.log"));
    }

    @Override
    public void close() {
        super.close();
        if (jmxClient != null) {
            try {
                jmxClient.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
