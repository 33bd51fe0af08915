package org.jwtverifier.containers;

import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnector;
import org.jwtverifier.testsupport.Processes;

/**
 * Jetty 12.1 (EE 10) from the unpacked {@code jetty-home} of the build ({@code jwtverifier.it.jetty.home}), run
 * from a {@code jetty.base} of the test's own laid out from the shipped files: {@code jetty/start.d/jwt-verifier.ini}
 * (modules, HTTP and JMX on 127.0.0.1, hot deployment), {@code jetty/webapps/jwt-verifier.xml} (the context XML
 * that deploys {@code apps/jwt-verifier.war} and hands it {@code etc/jwt-verifier.yaml} as init parameter), the
 * JMX password and access files from {@code jmx/}. Undeploy and deploy move the context XML out of
 * {@code webapps/} and back, as an operator would.
 */
public final class JettyContainer extends ContainerProcess {
    private static final String CONTEXT_XML = "jwt-verifier.xml";

    private final Path home;
    private final List<String> extraArguments;
    private final int port = LoopbackPorts.free();
    private final int jmxPort = LoopbackPorts.free();

    private JettyContainer(Path home, Path base, List<String> extraArguments) {
        super(base);
        this.home = home;
        this.extraArguments = extraArguments;
    }

    /** Lays out a fresh {@code jetty.base} named {@code name} whose only application is the packaged WAR. */
    public static JettyContainer create(String name, Path configFile) {
        return create(name, configFile, List.of());
    }

    /** As {@link #create(String, Path)}, with more start.jar arguments (e.g. {@code --module=jmx}). */
    public static JettyContainer create(String name, Path configFile, List<String> startArguments) {
        Path home = distribution("jwtverifier.it.jetty.home", "target/it-jetty", "start.jar");
        Path base = TestConfig.workDir().resolve(name + "-jetty");
        Processes.deleteRecursively(base);
        Path project = projectDir();
        copy(project.resolve("jetty/start.d/jwt-verifier.ini"), base.resolve("start.d/jwt-verifier.ini"));
        copy(project.resolve("jetty/webapps/" + CONTEXT_XML), base.resolve("webapps/" + CONTEXT_XML));
        copy(Deployments.packagedWar(), base.resolve("apps/jwt-verifier.war"));
        copy(configFile, base.resolve("etc/jwt-verifier.yaml"));
        copyPrivate(project.resolve("jmx/jmxremote.password"), base.resolve("etc/jmxremote.password"));
        copyPrivate(project.resolve("jmx/jmxremote.access"), base.resolve("etc/jmxremote.access"));
        try {
            // Jetty unpacks the WAR into $JETTY_BASE/work when that folder exists (else into java.io.tmpdir).
            Files.createDirectories(base.resolve("work"));
            Files.createDirectories(base.resolve("undeployed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JettyContainer(home, base, List.copyOf(startArguments));
    }

    @Override
    public String name() {
        return "Jetty " + System.getProperty("jwtverifier.it.jetty.version", "12.1");
    }

    @Override
    ProcessBuilder command() {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base,
                // The shipped ini's ports, replaced by free ones; a heap bound for the machine the tests share.
                "jetty.http.port=" + port, "jwt-verifier.jmx.port=" + jmxPort, "-Xmx256m",
                // An idle keep-alive connection keeps the context it last served until it closes
                // (docs/containers.md): 5 s instead of 30 s, so the redeploy check sees the old contexts go.
                "jetty.http.idleTimeout=5000"));
        command.addAll(extraArguments);
        return new ProcessBuilder(command);
    }

    @Override
    boolean isContainerJvm(ProcessHandle process) {
        return hasArgument(process, "org.eclipse.jetty.xml.XmlConfiguration");
    }

    @Override
    public VerifierClient client() {
        return new VerifierClient("http://127.0.0.1:" + port + "/jwt-verifier");
    }

    /** The JVM's connector, as the shipped ini configures it, as user {@code admin} of {@code jmx/}. */
    @Override
    public RemoteJmx jmx() {
        return RemoteJmx.connect("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi",
                Map.of(JMXConnector.CREDENTIALS, new String[]{"admin", "admin-demo"}));
    }

    /** The same connector as user {@code monitor} (read-only) of {@code jmx/}. */
    @Override
    public RemoteJmx jmxReadOnly() {
        return RemoteJmx.connect("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi",
                Map.of(JMXConnector.CREDENTIALS, new String[]{"monitor", "monitor-demo"}));
    }

    @Override
    public Path configFile() {
        return base.resolve("etc/jwt-verifier.yaml");
    }

    @Override
    public void undeploy() {
        move(base.resolve("webapps/" + CONTEXT_XML), base.resolve("undeployed/" + CONTEXT_XML));
        awaitHealth(404, START_TIMEOUT);
    }

    @Override
    public void deploy() {
        move(base.resolve("undeployed/" + CONTEXT_XML), base.resolve("webapps/" + CONTEXT_XML));
        awaitHealth(200, START_TIMEOUT);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Integer> listeningPorts() {
        return List.of(port, jmxPort);
    }

    @Override
    public List<Path> logFiles() {
        return List.of(console());
    }
}
