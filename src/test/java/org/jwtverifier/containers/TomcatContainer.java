package org.jwtverifier.containers;

import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * Tomcat (10.1 or 11) from the unpacked distribution of the build ({@code jwtverifier.it.tomcat.dir}, on the JDK
 * {@code jwtverifier.it.tomcat.java.home} names), laid out by {@link StandaloneTomcat} the way
 * {@code tomcat/run.sh} lays out its own base: the shipped {@code server.xml}, {@code setenv.sh} (HTTP and the
 * JVM's JMX connector on 127.0.0.1, authenticated by the files of {@code jmx/}) and a context file that hands
 * the WAR its configuration as a context parameter. The shipped {@code server.xml} turns {@code autoDeploy} off,
 * so undeploy and deploy move that context file out of {@code conf/Catalina/localhost} and back and then ask
 * the host's deployer to look at it ({@code check} on {@code Catalina:type=Deployer}), which is what the manager
 * application does.
 */
public final class TomcatContainer extends ContainerProcess {
    private static final String CONTEXT = "/jwt-verifier";
    private static final ObjectName DEPLOYER = RemoteJmx.name("Catalina:type=Deployer,host=localhost");
    private static final ObjectName HOST = RemoteJmx.name("Catalina:type=Host,host=localhost");

    private final StandaloneTomcat tomcat;
    private final Path configFile;

    private TomcatContainer(StandaloneTomcat tomcat, Path configFile) {
        super(tomcat.base());
        this.tomcat = tomcat;
        this.configFile = configFile;
    }

    /** Lays out a fresh {@code CATALINA_BASE} named {@code name} whose only application is the packaged WAR. */
    public static TomcatContainer create(String name, Path configFile) {
        return new TomcatContainer(StandaloneTomcat.create(name, configFile), configFile.toAbsolutePath());
    }

    @Override
    public String name() {
        return System.getProperty("it.tomcat.name", "Tomcat");
    }

    @Override
    ProcessBuilder command() {
        return tomcat.command();
    }

    @Override
    String javaHome() {
        return StandaloneTomcat.javaHome();
    }

    @Override
    Path console() {
        return tomcat.console();
    }

    @Override
    boolean isContainerJvm(ProcessHandle process) {
        // catalina.sh run execs the JVM, so the launcher becomes it.
        return hasArgument(process, "org.apache.catalina.startup.Bootstrap");
    }

    @Override
    public VerifierClient client() {
        return tomcat.client();
    }

    /** The JVM's connector that {@code setenv.sh} configures, as user {@code admin} of {@code jmx/}. */
    @Override
    public RemoteJmx jmx() {
        return RemoteJmx.connect(tomcat.jmxPort(), "admin", "admin-demo");
    }

    @Override
    public RemoteJmx jmxReadOnly() {
        return RemoteJmx.connect(tomcat.jmxPort(), "monitor", "monitor-demo");
    }

    @Override
    public Path configFile() {
        return configFile;
    }

    @Override
    public void undeploy() {
        moveContextFile(contextFile(), base.resolve("undeployed/jwt-verifier.xml"));
        awaitHealth(404, START_TIMEOUT);
    }

    @Override
    public void deploy() {
        moveContextFile(base.resolve("undeployed/jwt-verifier.xml"), contextFile());
        awaitHealth(200, START_TIMEOUT);
    }

    private Path contextFile() {
        return base.resolve("conf/Catalina/localhost/jwt-verifier.xml");
    }

    private void moveContextFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (RemoteJmx jmx = jmx()) {
            jmx.invoke(DEPLOYER, "check", CONTEXT);
        }
    }

    /**
     * The manager's {@code findleaks}: the host's {@code findReloadedContextMemoryLeaks} (a full GC, then the
     * contexts that were stopped but whose class loader is still reachable).
     */
    @Override
    public List<String> leaksFoundByContainer() {
        try (RemoteJmx jmx = jmx()) {
            return Arrays.asList((String[]) jmx.invoke(HOST, "findReloadedContextMemoryLeaks"));
        }
    }

    @Override
    public List<Integer> listeningPorts() {
        return List.of(tomcat.port(), tomcat.jmxPort());
    }

    @Override
    public List<Path> logFiles() {
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            return logs.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
