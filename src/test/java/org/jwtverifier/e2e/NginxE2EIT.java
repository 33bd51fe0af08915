package org.jwtverifier.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real nginx (Debian's nginx package, 1.22.1, auth_request compiled in) running {@code docs/examples/nginx.conf}
 * in front of the real verifier and a recording application. The documented file is included in a minimal main
 * configuration whose pid, logs and temporary files live in {@code target/e2e/nginx/<instance>/}.
 */
class NginxE2EIT extends ForwardAuthProxyCases {

    NginxE2EIT() {
        // 500 for a verifier that is not deployed: auth_request turns the 404 into 500, and @jwt_error keeps it so.
        super(new Traits("nginx", 500, 500, "auth request unexpected status: 404", false, null, true, true));
    }

    /** Starts nginx in the foreground on a free loopback port with the documented configuration. */
    @Override
    Instance startProxy(String instance, String verifierHostPort, String backendHostPort) {
        ProxyFiles files = documentedExample(instance, "nginx.conf", "jwt-verifier.conf", "LISTEN",
                port -> "127.0.0.1:" + port, verifierHostPort, backendHostPort);
        Path dir = files.dir();
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
                """.formatted(logs, tmp, files.site()));
        Templates.write(logs.resolve(".keep"), "");
        Templates.write(tmp.resolve(".keep"), "");
        return run(instance, files, List.of(files.binary().toString(), "-p", dir + "/", "-c", conf.toString(),
                "-e", logs.resolve("error.log").toString(), "-g", "daemon off;"), logs, Map.of());
    }

    /**
     * The example's {@code large_client_header_buffers 4 16k}: one buffer holds a header line with its CRLF, so an
     * {@code Authorization: Bearer} line carries a token of up to 16360 bytes to the verifier; one byte more and
     * nginx answers 400 itself, with its HTML page, and the verifier is never asked.
     */
    @Test
    void authorizationHeaderLineUpToTheHeaderBufferReachesTheVerifierAndALongerOneGetsNginxs400() {
        String fits = "t".repeat(16360);
        HttpResponse<String> r = sendBearer(tap, "GET", "/api/things", fits);
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals("Bearer " + fits, authStub.only().single("Authorization"));

        authStub.clear();
        backend.clear();
        HttpResponse<String> tooLong = sendBearer(tap, "GET", "/api/things", fits + "t");
        assertEquals(400, tooLong.statusCode(), () -> describe(tooLong));
        assertTrue(tooLong.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                () -> describe(tooLong));
        assertTrue(tooLong.headers().allValues("WWW-Authenticate").isEmpty(), () -> describe(tooLong));
        assertEquals(0, authStub.count(), "the verifier was asked");
        assertEquals(0, backend.count(), () -> "the application received " + backend.requests());
    }
}
