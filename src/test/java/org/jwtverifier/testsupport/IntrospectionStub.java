package org.jwtverifier.testsupport;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An RFC 7662 introspection endpoint on 127.0.0.1 for tests, doing on command what a real IdP will not: answer
 * what a test scripts per token (any status, any body, garbage included), hang, or hold every call until released.
 * It also serves a discovery document naming its endpoint, and counts calls, the most in flight at once, and what
 * the last call carried.
 */
public final class IntrospectionStub implements AutoCloseable {
    /** The stub's answer to one call. */
    public record Reply(int status, String body) {
        public static Reply json(String body) {
            return new Reply(200, body);
        }

        public static Reply active(String members) {
            return json("{\"active\":true" + (members.isEmpty() ? "" : "," + members) + "}");
        }

        public static Reply inactive() {
            return json("{\"active\":false}");
        }
    }

    /** A reply that never comes: the call is held until the stub closes. */
    public static final Reply HANG = new Reply(-1, "");

    static {
        // The JDK server writes a response's headers and body apart; without TCP_NODELAY the body waits for the
        // client's delayed ACK (40 ms a call), as no real IdP's server makes it wait. Read once, when the JDK's
        // server configuration is first loaded.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final LoopbackHttpServer server = LoopbackHttpServer.bind("introspection-stub");
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Function<String, Reply> replies = token -> Reply.inactive();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String lastAuthorization;
    private volatile Map<String, String> lastForm = Map.of();

    private IntrospectionStub() {
        server.handle("/introspect", this::introspect);
        server.handle("/.well-known/openid-configuration", exchange -> send(exchange, 200,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
                        + "\"introspection_endpoint\":\"" + endpoint() + "\"}"));
        server.start();
    }

    /** Starts a stub that answers {@code active: false} to every token until told otherwise. */
    public static IntrospectionStub start() {
        return new IntrospectionStub();
    }

    /** @return the stub's base URL, which its discovery document names as issuer */
    public String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    public String endpoint() {
        return issuer() + "/introspect";
    }

    /** Answers each call by the token it carries. */
    public void replies(Function<String, Reply> replies) {
        this.replies = replies;
    }

    /** Holds every call from now on until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    public int calls() {
        return calls.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** @return the {@code Authorization} header of the last call, or null */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** @return the form parameters of the last call */
    public Map<String, String> lastForm() {
        return lastForm;
    }

    private void introspect(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.US_ASCII));
            lastForm = form;
            awaitBounded(gate);
            Reply reply = "POST".equals(exchange.getRequestMethod()) ? replies.apply(form.get("token"))
                    : new Reply(405, "");
            if (reply == HANG) {
                awaitBounded(closed);
                exchange.close();
                return;
            }
            send(exchange, reply.status(), reply.body());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Bounded, so that no handler thread outlives a test that forgot to release it. */
    private static void awaitBounded(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        gate.countDown();
        server.close();
    }
}
