package org.jwtverifier.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jwtverifier.testsupport.LoopbackPorts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real nginx (Debian's nginx package, 1.22.1, auth_request compiled in) running {@code docs/examples/nginx.conf}
 * in front of the real verifier and a recording application. The documented file is included in a minimal main
 * configuration whose pid, logs and temporary files live in {@code target/e2e/nginx/<instance>/}.
 */
class NginxE2EIT extends ForwardAuthProxyCases {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deploy(E2eVerifier.create("NginxE2EIT"));
    }

    @Override
    String proxyName() {
        return "nginx";
    }

    /** Starts nginx in the foreground on a free loopback port with the documented configuration. */
    @Override
    Instance startProxy(String instance, String verifierHostPort, String backendHostPort) {
        Path nginx = ExternalServer.requireBinary("nginx", "nginx");
        int port = LoopbackPorts.free();
        Path dir = Templates.workDir("nginx/" + instance);
        Path site = Templates.write(dir.resolve("jwt-verifier.conf"), Templates.render(Templates.docsExample("nginx.conf"),
                Map.of("LISTEN", "127.0.0.1:" + port, "VERIFIER", verifierHostPort, "BACKEND", backendHostPort)));
        Path logs = dir.resolve("logs");
        Path tmp = dir.resolve("tmp");
        // Only what a test run needs around the documented file: everything in this folder, one worker.
        Path conf = Templates.write(dir.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events {
                    worker_connections 256;
                }
                http {
                    client_body_temp_path %2$s/client_body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    include %3$s;
                    log_format e2e '$remote_addr "$request" $status auth_status=$jwt_status upstream=$upstream_addr/$upstream_status';
                    access_log %1$s/access.log e2e;
                }
                """.formatted(logs, tmp, site));
        Templates.write(logs.resolve(".keep"), "");
        Templates.write(tmp.resolve(".keep"), "");
        ExternalServer server = ExternalServer.start("nginx-" + instance,
                List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(), "-e", logs.resolve("error.log").toString(),
                        "-g", "daemon off;"),
                dir, logs, Map.of(), port, Duration.ofSeconds(20));
        return new Instance(server, "http://127.0.0.1:" + port);
    }

    @Override
    int unreachableVerifierStatus() {
        return 500;
    }

    /** auth_request turns the 404 into 500, and @jwt_error keeps it so. */
    @Override
    int notDeployedVerifierStatus() {
        return 500;
    }

    @Override
    String notDeployedVerifierLogLine() {
        return "auth request unexpected status: 404";
    }

    @Override
    String expectedAuthRequestUri(String clientUri) {
        return "/jwt-verifier/verify";
    }

    @Override
    String expectedEmptyIdentityAtBackend() {
        return null;
    }
}
