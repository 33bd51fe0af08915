package org.jwtverifier.jwks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.FetchSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirects of a JWKS URL, against two real HTTP servers on loopback: the IdP's own ({@code 127.0.0.1}) and another
 * host ({@code localhost}, the same interface under another name, so the origin differs by host).
 */
class HttpJwksFetcherTest {
    static final String JWKS = "{\"keys\":[]}";

    HttpServer idp;
    HttpServer other;
    final AtomicInteger otherHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        idp.createContext("/jwks.json", exchange -> respond(exchange, 200, null, JWKS));
        idp.createContext("/moved", exchange -> respond(exchange, 302, "/jwks.json", ""));
        idp.createContext("/elsewhere", exchange -> respond(exchange, 301,
                "http://localhost:" + other.getAddress().getPort() + "/jwks.json", ""));
        idp.createContext("/to-plain-http-host", exchange -> respond(exchange, 302, "http://keys.example.com/jwks.json", ""));
        idp.createContext("/to-loopback-lookalike", exchange -> respond(exchange, 302,
                "http://127.0.0.1.nip.io:" + other.getAddress().getPort() + "/jwks.json", ""));
        idp.createContext("/loop", exchange -> respond(exchange, 302, "/loop", ""));
        other.createContext("/jwks.json", exchange -> {
            otherHits.incrementAndGet();
            respond(exchange, 200, null, JWKS);
        });
        idp.start();
        other.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
        other.stop(0);
    }

    static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String location, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    URI idp(String path) {
        return URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + path);
    }

    static FetchSettings settings(Set<String> redirectHosts) {
        return new FetchSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 65536, false, Optional.empty(),
                Optional.empty(), redirectHosts);
    }

    @Test
    void followsARedirectWithinTheSameOrigin() throws KeySourceException {
        assertEquals(JWKS, new HttpJwksFetcher(idp("/moved"), settings(Set.of()), null).fetch());
    }

    @Test
    void refusesARedirectToAnotherHostUnlessListed() {
        KeySourceException refused = assertThrows(KeySourceException.class,
                () -> new HttpJwksFetcher(idp("/elsewhere"), settings(Set.of()), null).fetch());
        assertTrue(refused.getMessage().contains("redirect to another origin refused: http://localhost:"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("redirectHosts"), refused.getMessage());
        assertEquals(0, otherHits.get(), "the other host must not even be asked");
    }

    @Test
    void followsARedirectToAListedHost() throws KeySourceException {
        assertEquals(JWKS, new HttpJwksFetcher(idp("/elsewhere"), settings(Set.of("localhost")), null).fetch());
        assertEquals(1, otherHits.get());
    }

    @Test
    void aListedHostIsStillRefusedOverPlainHttpOffLoopback() {
        KeySourceException refused = assertThrows(KeySourceException.class,
                () -> new HttpJwksFetcher(idp("/to-plain-http-host"), settings(Set.of("keys.example.com")), null).fetch());
        assertEquals("redirect to http://keys.example.com/jwks.json refused: it must be https", refused.getMessage());
    }

    @Test
    void fetchWhenAListedRedirectHostOnlyStartsLikeALoopbackAddressThenRefusedOverPlainHttp() {
        KeySourceException refused = assertThrows(KeySourceException.class, () -> new HttpJwksFetcher(
                idp("/to-loopback-lookalike"), settings(Set.of("127.0.0.1.nip.io")), null).fetch());
        assertEquals("redirect to http://127.0.0.1.nip.io:" + other.getAddress().getPort()
                + "/jwks.json refused: it must be https", refused.getMessage());
        assertEquals(0, otherHits.get(), "the lookalike host must not even be asked");
    }

    @Test
    void stopsAfterThreeRedirects() {
        KeySourceException refused = assertThrows(KeySourceException.class,
                () -> new HttpJwksFetcher(idp("/loop"), settings(Set.of()), null).fetch());
        assertTrue(refused.getMessage().startsWith("too many redirects"), refused.getMessage());
    }
}
