package org.jwtverifier.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.testsupport.TestIssuers;

/**
 * A discovered {@code jwks_uri} obeys the same transport rule as a configured one, against a real discovery server
 * on loopback.
 */
class DiscoveryJwksFetcherTest {
    static final String JWKS = "{\"keys\":[]}";

    HttpServer idp;
    final AtomicInteger jwksHits = new AtomicInteger();
    volatile String jwksUri;

    @BeforeEach
    void start() throws IOException {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        idp.createContext("/.well-known/openid-configuration", exchange -> HttpJwksFetcherTest.respond(exchange, 200,
                null, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUri + "\"}"));
        idp.createContext("/jwks.json", exchange -> {
            jwksHits.incrementAndGet();
            HttpJwksFetcherTest.respond(exchange, 200, null, JWKS);
        });
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    String issuer() {
        return "http://127.0.0.1:" + idp.getAddress().getPort();
    }

    DiscoveryJwksFetcher fetcher() {
        FetchSettings strict = TestIssuers.fetch(Duration.ofSeconds(2), 65536);
        return new DiscoveryJwksFetcher(issuer(), URI.create(issuer() + "/.well-known/openid-configuration"), strict,
                null);
    }

    @Test
    void fetchWhenDiscoveredJwksUriIsPlainHttpOnLoopbackThenFetched() throws KeySourceException {
        jwksUri = issuer() + "/jwks.json";
        assertEquals(JWKS, fetcher().fetch());
        assertEquals(1, jwksHits.get());
    }

    @Test
    void fetchWhenDiscoveredJwksUriIsPlainHttpToANameThatOnlyStartsLikeLoopbackThenRefusedUnasked() {
        int port = idp.getAddress().getPort();
        for (String lookalike : new String[]{"http://127.attacker.example:" + port + "/jwks.json",
                "http://127.0.0.1.nip.io:" + port + "/jwks.json"}) {
            jwksUri = lookalike;
            KeySourceException refused = assertThrows(KeySourceException.class, () -> fetcher().fetch(), lookalike);
            assertEquals("discovery jwks_uri must be https (plain http only to a loopback address): "
                    + lookalike, refused.getMessage());
        }
        assertEquals(0, jwksHits.get());
    }
}
