package org.jwtverifier.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server an attacker controls, on 127.0.0.1 (free port): it serves a JWKS with the attacker's own key at
 * every path and records every request it receives. A verifier that follows {@code jku}/{@code x5u} from a
 * token header would show up here.
 */
public final class AttackerServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final SigningKey key;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private AttackerServer(SigningKey key) {
        this.key = key;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "attacker-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts with a fresh RSA key; its kid is {@code attacker-1}. */
    public static AttackerServer start() {
        return new AttackerServer(SigningKey.generate(Alg.RS256, "attacker-1"));
    }

    /** Starts with the given key (for example one whose kid collides with a real one). */
    public static AttackerServer start(SigningKey key) {
        return new AttackerServer(key);
    }

    public SigningKey key() {
        return key;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public String jwksUri() {
        return url("/jwks.json");
    }

    /** How many requests arrived so far, on any path. */
    public int requestCount() {
        return requests.size();
    }

    /** Method and URI of every request received. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = ("{\"keys\":[" + key.publicJwkJson() + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
