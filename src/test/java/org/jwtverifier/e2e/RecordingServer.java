package org.jwtverifier.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jwtverifier.testsupport.LoopbackHttpServer;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 (free port) that records every request it receives, headers and body
 * included, and answers with what its responder says. Used as the application behind the proxy (it must receive
 * nothing when the verifier rejects) and as a stand-in auth server that shows what a proxy sends to the verifier.
 */
public final class RecordingServer implements AutoCloseable {

    /** One received request. Header names are case-insensitive; values keep their order and emptiness. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {

        public List<String> all(String name) {
            return headers.getOrDefault(name, List.of());
        }

        /** The only value of the header, null when absent; fails when sent more than once. */
        public String single(String name) {
            List<String> values = all(name);
            if (values.size() > 1) {
                throw new AssertionError(name + " received " + values.size() + " times: " + values + " in " + this);
            }
            return values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + uri + " " + headers + (body.length == 0 ? "" : " body=" + body.length + " bytes");
        }
    }

    /** What to answer. */
    public record Reply(int status, Map<String, String> headers, String body) {

        public static Reply ok(String body) {
            return new Reply(200, Map.of("Content-Type", "text/plain"), body);
        }
    }

    private final String name;
    private final LoopbackHttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Function<Received, Reply> responder;

    private RecordingServer(String name, Function<Received, Reply> responder) {
        this.name = name;
        this.responder = responder;
        server = LoopbackHttpServer.bind(name);
        server.handle("/", this::handle);
        server.start();
    }

    /** An application that answers every request with 200 {@code backend <method> <uri>}. */
    public static RecordingServer backend(String name) {
        return new RecordingServer(name, r -> Reply.ok("backend " + r.method() + " " + r.uri() + "\n"));
    }

    public static RecordingServer start(String name, Function<Received, Reply> responder) {
        return new RecordingServer(name, responder);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Collections.unmodifiableMap(headers), body);
            received.add(r);
            Reply reply = responder.apply(r);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:PORT} */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public List<Received> requests() {
        return new ArrayList<>(received);
    }

    public int count() {
        return received.size();
    }

    public void clear() {
        received.clear();
    }

    /** The only request received since the last {@link #clear()}; fails otherwise. */
    public Received only() {
        List<Received> all = requests();
        if (all.size() != 1) {
            throw new AssertionError(name + " expected exactly one request, received " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    public Map<String, Integer> summary() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Received r : received) {
            out.merge(r.method() + " " + r.uri(), 1, Integer::sum);
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
