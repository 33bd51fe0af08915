package org.jwtverifier.e2e;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jwtverifier.testsupport.Challenge;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests shaped as Traefik's forwardAuth middleware sends them, over one kept-alive connection per test, to the
 * verifier a subclass deploys (its {@code @Deployment} sets {@link #verifier}); every answer is checked for what
 * Traefik needs before a test looks at it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class TraefikConnectionCases {

    /** The headers of {@code authResponseHeaders} in the documented Traefik configuration. */
    static final List<String> AUTH_RESPONSE_HEADERS = List.of("X-User-Id", "X-User-Email", "X-User-Groups");

    static E2eVerifier verifier;
    RawHttpConnection connection;

    /** Keeps the verifier a subclass's {@code @Deployment} created for the cases, and hands Arquillian its WAR. */
    static WebArchive deploy(E2eVerifier deployed) {
        verifier = deployed;
        return deployed.war();
    }

    @AfterAll
    static void stop() {
        if (verifier != null) {
            verifier.close();
            verifier = null;
        }
    }

    @BeforeEach
    void connect() {
        verifier.awaitAdmitting();
        connection = RawHttpConnection.open("127.0.0.1", E2eVerifier.port());
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    RawHttpConnection.Response ask(TraefikForwardAuthRequest request) {
        RawHttpConnection.Response r = connection.exchange("GET", "/jwt-verifier/verify",
                request.authRequestHeaders(E2eVerifier.hostPort()));
        assertUsableByTraefik(r);
        return r;
    }

    /** Asks, and checks that the answer has {@code status}. */
    RawHttpConnection.Response expect(int status, TraefikForwardAuthRequest request) {
        RawHttpConnection.Response r = ask(request);
        assertEquals(status, r.status(), r::toString);
        return r;
    }

    /** What every answer must be for Traefik: no redirect, a framed short body, the headers of its status. */
    static void assertUsableByTraefik(RawHttpConnection.Response r) {
        assertTrue(r.status() < 300 || r.status() >= 400, () -> "Traefik relays a redirect to the client: " + r);
        assertNull(r.first("Location"), () -> "Location on an auth answer: " + r);
        assertTrue(r.body().length <= 256, () -> "long body (Traefik reads and relays it whole): " + r);
        assertTrue(r.first("Content-Length") != null || r.first("Transfer-Encoding") != null,
                () -> "unframed body: " + r);
        if (r.status() >= 200 && r.status() < 300) {
            for (String name : AUTH_RESPONSE_HEADERS) {
                assertEquals(1, r.all(name).size(), () -> name + " must be present exactly once on a 2xx: " + r);
            }
        } else {
            for (String name : AUTH_RESPONSE_HEADERS) {
                assertTrue(r.all(name).isEmpty(), () -> name + " on a rejection (Traefik would relay it): " + r);
            }
        }
    }

    /** The RFC 6750 section 3 challenge of a rejection, after checking its status, scheme, realm and error. */
    static Challenge challenge(RawHttpConnection.Response r, int status, String error) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(1, r.all("WWW-Authenticate").size(), r::toString);
        Challenge c = Challenge.parse(r.first("WWW-Authenticate"));
        assertEquals("Bearer", c.scheme(), r::toString);
        assertEquals("jwt-verifier", c.param("realm"), r::toString);
        assertEquals(error, c.param("error"), r::toString);
        return c;
    }
}
