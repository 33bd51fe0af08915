package org.jwtverifier.e2e;


import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real Caddy (Debian's caddy package, 2.6.2) running {@code docs/examples/Caddyfile} in front of the real verifier
 * and a recording application. Caddy runs with the admin endpoint and automatic HTTPS off, bound to 127.0.0.1, its
 * state in {@code target/e2e/caddy/<instance>/}.
 */
class CaddyE2EIT extends ForwardAuthProxyCases {

    CaddyE2EIT() {
        // 502 for a verifier that is not deployed: the Caddyfile's handle_response for the statuses the verifier
        // never sends.
        super(new Traits("caddy", 502, 502, "\"logger\":\"http.log.error\",\"msg\":\"jwt-verifier answered neither 2xx"
                + " nor 400, 401, 403, 503: is it deployed?\"", true, "", false, false));
    }

    /** Starts Caddy on a free loopback port with the documented site block. */
    @Override
    Instance startProxy(String instance, String verifierHostPort, String backendHostPort) {
        ProxyFiles files = documentedExample(instance, "Caddyfile", "site.caddyfile", "SITE_ADDRESS",
                port -> "http://:" + port, verifierHostPort, backendHostPort);
        Path dir = files.dir();
        // Only what a test run needs around the documented site: no admin endpoint, no certificates, loopback.
        Path caddyfile = Templates.write(dir.resolve("Caddyfile"), """
                {
                	admin off
                	auto_https off
                	default_bind 127.0.0.1
                	log {
                		level DEBUG
                	}
                }
                import %s
                """.formatted(files.site()));
        Map<String, String> env = Map.of(
                "HOME", dir.toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString());
        return run(instance, files,
                List.of(files.binary().toString(), "run", "--config", caddyfile.toString(), "--adapter", "caddyfile"),
                dir.resolve("logs"), env);
    }
}
