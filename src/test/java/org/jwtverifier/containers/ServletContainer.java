package org.jwtverifier.containers;

import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.VerifierClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real servlet container distribution, started as a process of its own with the packaged WAR deployed the way
 * that container deploys it, so that one black-box suite (HTTP and JMX only) runs unchanged on each. What is
 * particular to a container (its layout, how it is handed the configuration, how it deploys and undeploys, which
 * JMX connector it offers) lives in its implementation, never in the tests.
 */
public interface ServletContainer extends AutoCloseable {

    /** @return the distribution and version, e.g. {@code Jetty 12.1.12} */
    String name();

    /**
     * Starts the container with the WAR deployed at {@code /jwt-verifier}, configured by the YAML file given at
     * creation, and returns once {@code /health} answers 200.
     *
     * @return how long that took, from the process start
     */
    Duration start();

    /** @return HTTP to the verifier on this container (127.0.0.1) */
    VerifierClient client();

    /** @return a JMX connection, with credentials, through the connector this container offers */
    RemoteJmx jmx();

    /**
     * @return a JMX connection through the same connector as a user of the read-only role, who may read
     *         attributes and is refused every operation
     */
    RemoteJmx jmxReadOnly();

    /** @return the configuration file the deployed WAR reads (an operator edits it, then reloads by JMX) */
    Path configFile();

    /**
     * @return what the container's own leak detection finds after an undeploy (names of applications whose class
     *         loader stayed reachable); empty where the container has none
     */
    default List<String> leaksFoundByContainer() {
        return List.of();
    }

    /** @return the PID of the JVM that runs the WAR (for {@code jcmd}) */
    long pid();

    /** Undeploys the WAR the container's own way and returns once {@code /jwt-verifier} is gone. */
    void undeploy();

    /** Deploys the WAR again the container's own way and returns once {@code /health} answers 200. */
    void deploy();

    /** @return the TCP ports it listens on for HTTP and JMX, each to be bound to 127.0.0.1 only */
    List<Integer> listeningPorts();

    /** @return the files the container and the verifier log into */
    List<Path> logFiles();

    /** @return the text of every log file so far */
    String log();

    /** Stops the container JVM by PID with SIGTERM, forcibly when it does not end in time. */
    @Override
    void close();
}
