package org.jwtverifier.testsupport;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Exact assertions on the verifier's answers (status, RFC 6750 challenge, identity headers). */
public final class VerifyAssertions {

    public static final String REALM = "jwt-verifier";
    public static final String NO_TOKEN_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    private VerifyAssertions() {
    }

    public static String describe(HttpResponse<String> r) {
        return "HTTP " + r.statusCode() + " " + r.headers().map() + " body=" + abbreviate(r.body());
    }

    /**
     * 200, no challenge, and each identity header exactly as given. A null expectation means the token lacks the
     * claim: the verifier then still sends the header, empty, so that a copy sent by the client can never pass
     * through the proxy as the verifier's.
     */
    public static void assertAdmitted(HttpResponse<String> r, String expectedUserId, String expectedEmail) {
        assertNot500(r);
        assertEquals(200, r.statusCode(), () -> "expected 200: " + describe(r));
        assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty(), () -> "200 with a challenge: " + describe(r));
        assertSingleHeader(r, "X-User-Id", expectedUserId == null ? "" : expectedUserId);
        assertSingleHeader(r, "X-User-Email", expectedEmail == null ? "" : expectedEmail);
    }

    public static void assertSingleHeader(HttpResponse<String> r, String name, String expected) {
        List<String> values = r.headers().allValues(name);
        if (expected == null) {
            assertTrue(values.isEmpty(), () -> name + " should be absent: " + describe(r));
        } else {
            assertEquals(List.of(expected), values, () -> name + ": " + describe(r));
        }
    }

    /** 401 with exactly {@code WWW-Authenticate: Bearer realm="jwt-verifier"} (no error attribute). */
    public static void assertNoTokenChallenge(HttpResponse<String> r) {
        assertNot500(r);
        assertEquals(401, r.statusCode(), () -> "expected 401: " + describe(r));
        assertEquals(List.of(NO_TOKEN_CHALLENGE), r.headers().allValues("WWW-Authenticate"),
                () -> "challenge: " + describe(r));
        assertNoIdentityHeaders(r);
    }

    /** 401 {@code error="invalid_token"}, realm jwt-verifier, the token not echoed. */
    public static Challenge assertInvalidToken(HttpResponse<String> r, String token) {
        return assertError(r, 401, "invalid_token", token);
    }

    /** 400 {@code error="invalid_request"}, realm jwt-verifier, the token not echoed. */
    public static Challenge assertInvalidRequest(HttpResponse<String> r, String token) {
        return assertError(r, 400, "invalid_request", token);
    }

    public static Challenge assertError(HttpResponse<String> r, int status, String error, String token) {
        assertNot500(r);
        assertEquals(status, r.statusCode(), () -> "expected " + status + " " + error + ": " + describe(r));
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        assertEquals(1, challenges.size(), () -> "one WWW-Authenticate expected: " + describe(r));
        Challenge c = Challenge.parse(challenges.get(0));
        assertEquals("Bearer", c.scheme(), () -> "scheme: " + describe(r));
        assertEquals(REALM, c.param("realm"), () -> "realm: " + describe(r));
        assertEquals(error, c.param("error"), () -> "error: " + describe(r));
        String description = c.param("error_description");
        if (description != null) {
            assertTrue(description.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e && ch != '"' && ch != '\\'),
                    () -> "error_description outside RFC 6750's character set: " + describe(r));
        }
        assertNoTokenEcho(r, token);
        assertNoIdentityHeaders(r);
        return c;
    }

    /** Neither the token nor any long piece of it appears in the headers or the body. */
    public static void assertNoTokenEcho(HttpResponse<String> r, String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        String everything = r.headers().map().toString() + "\n" + Optional.ofNullable(r.body()).orElse("");
        for (String piece : pieces(token)) {
            assertFalse(everything.contains(piece), () -> "the response echoes part of the token ('"
                    + abbreviate(piece) + "'): " + describe(r));
        }
    }

    private static List<String> pieces(String token) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (token.length() >= 12) {
            out.add(token);
        }
        for (String seg : token.split("[.]")) {
            if (seg.length() >= 12) {
                out.add(seg);
                out.add(seg.substring(0, 12));
            }
        }
        return out;
    }

    public static void assertNoIdentityHeaders(HttpResponse<String> r) {
        assertTrue(r.headers().allValues("X-User-Id").isEmpty(), () -> "identity header on a rejection: " + describe(r));
        assertTrue(r.headers().allValues("X-User-Email").isEmpty(), () -> "identity header on a rejection: " + describe(r));
    }

    public static void assertNot500(HttpResponse<String> r) {
        assertNotNull(r);
        if (r.statusCode() >= 500 && r.statusCode() != 503) {
            fail("server error: " + describe(r));
        }
    }

    /** Only printable ASCII (0x20–0x7E): no CR, LF, NUL or other control characters. */
    public static void assertPrintableAscii(String name, String value) {
        assertNotNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                fail(name + " holds character U+" + String.format("%04X", (int) c) + " at " + i + ": " + value);
            }
        }
    }

    public static void assertAbsent(HttpResponse<String> r, String header) {
        assertNull(r.headers().firstValue(header).orElse(null), () -> header + " present: " + describe(r));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
