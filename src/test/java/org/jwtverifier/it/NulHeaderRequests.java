package org.jwtverifier.it;

import org.jwtverifier.e2e.RawHttpConnection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A valid token in an {@code Authorization} header that also holds a byte Tomcat refuses (NUL and other control
 * characters, RFC 9110 §5.5), on several connections at once. Tomcat logs such a header line in full at INFO once
 * per request processor (then at DEBUG for a day), so every connection is opened and given the start of its
 * request before any of them sends the bad line: each then has a processor of its own, and each processor meets
 * the bad header for the first time.
 */
final class NulHeaderRequests {
    private static final String START = "GET /jwt-verifier/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "X-Forwarded-Method: GET\r\nX-Forwarded-Uri: /api/things\r\n";

    private NulHeaderRequests() {
    }

    /** Where the refused byte goes: after the token, before it, between its segments, and other control bytes. */
    static List<String> badAuthorizationValues(String token) {
        int firstDot = token.indexOf('.');
        return List.of(
                "Bearer " + token + "\u0000",
                "Bearer \u0000" + token,
                "Bearer " + token.substring(0, firstDot) + "\u0000" + token.substring(firstDot),
                "Bearer " + token + "\u0001",
                "Bearer " + token + "\u007f");
    }

    /**
     * Sends each bad value on {@code connectionsPerValue} fresh connections held open together, and checks that
     * Tomcat answers each with 400.
     */
    static void send(int port, String token, int connectionsPerValue) {
        for (String value : badAuthorizationValues(token)) {
            List<RawHttpConnection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < connectionsPerValue; i++) {
                    RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port);
                    connections.add(c);
                    c.sendPart(START.getBytes(StandardCharsets.ISO_8859_1));
                }
                for (RawHttpConnection c : connections) {
                    c.sendPart(("Authorization: " + value + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                for (RawHttpConnection c : connections) {
                    RawHttpConnection.Response r = c.readResponse(false);
                    assertEquals(400, r.status(), () -> "a header with a control byte: " + r.statusLine());
                }
            } finally {
                connections.forEach(RawHttpConnection::close);
            }
        }
    }
}
