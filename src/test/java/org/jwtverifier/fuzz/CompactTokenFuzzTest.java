package org.jwtverifier.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.jwtverifier.token.CompactToken;
import org.jwtverifier.token.PreParseProbe;

/**
 * The strict pre-parse of a token ({@code CompactToken.peek}) on arbitrary text: it either reads a token that
 * really is a canonical JWS compact serialisation (RFC 7515 §7.1) or rejects it with one of its documented reasons,
 * and nothing else, in bounded time.
 */
class CompactTokenFuzzTest {
    /**
     * The reason codes peek may give: its Javadoc's, and unsupported_algorithm for an unsecured JWS
     * ({@code alg: none} with an empty signature, RFC 7515 §A.5), which it gives too. By code, so that a reason
     * added to peek's documentation is added here by name.
     */
    private static final Set<String> DOCUMENTED = Set.of("malformed_token", "unsupported_header",
            "unsupported_algorithm", "malformed_claim", "bad_signature");
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The input is the token text, as UTF-8: near-valid tokens come from mutating the seeds' real ones. */
    @FuzzTest(maxDuration = "60s")
    void peek(byte[] input) throws IOException {
        String token = new String(input, StandardCharsets.UTF_8);
        PreParseProbe outcome = PreParseProbe.peek(token);
        if (outcome.token() == null) {
            assertNotNull(outcome.reason(), "neither a result nor a reason");
            assertTrue(DOCUMENTED.contains(outcome.reason().code()), () -> "undocumented rejection " + outcome.reason());
            return;
        }
        assertAcceptedTokenIsCanonicalCompactJws(token, outcome.token());
    }

    /** Whatever the pre-parse accepts, read again independently, says what the pre-parse said it says. */
    private static void assertAcceptedTokenIsCanonicalCompactJws(String token, CompactToken peeked)
            throws IOException {
        assertTrue(COMPACT.matcher(token).matches(), "accepted a token that is not three base64url segments");
        String[] segments = token.split("\\.");
        JsonNode header = jsonObject(segments[0]);
        JsonNode payload = jsonObject(segments[1]);
        assertEquals(header.get("alg").textValue(), peeked.alg());
        assertEquals(header.path("kid").textValue(), peeked.kid());
        assertEquals(payload.path("iss").textValue(), peeked.iss());
        assertTrue(!header.has("crit") && !header.has("b64"), "accepted a header with crit or b64");
    }

    /** One token, one spelling: the segment decodes to a JSON object and encodes back to itself. */
    private static JsonNode jsonObject(String segment) throws IOException {
        byte[] bytes = DECODER.decode(segment);
        assertArrayEquals(segment.getBytes(StandardCharsets.US_ASCII),
                ENCODER.encode(bytes), "accepted a non-canonical base64url segment");
        JsonNode node = CompactToken.STRICT_JSON.readTree(bytes);
        assertTrue(node != null && node.isObject(), "accepted a segment that is not a JSON object");
        return node;
    }
}
