package org.jwtverifier.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.verdict.Reason;

/**
 * A first, strict look at a token in JWS compact serialisation (RFC 7515 §7.1), before any key is chosen: three
 * base64url segments without padding (RFC 7515 §2, "Base64url Encoding"), canonical encoding, header and payload
 * UTF-8 JSON objects (RFC 7519 §7.2 steps 3-5, 10) without duplicate members (RFC 7515 §4). Reads what routing
 * needs ({@code alg}, {@code kid}, {@code iss}), and checks that the time claims are NumericDates, which only the
 * raw JSON shows; nothing here is trusted until the signature is verified.
 *
 * @param alg the header's {@code alg}
 * @param kid the header's {@code kid}, or null
 * @param iss the payload's {@code iss}, or null
 */
public record CompactToken(String alg, String kid, String iss) {

    /** The JSON reader for token parts, shared with JJWT so both see the same strict rules. */
    public static final ObjectMapper STRICT_JSON = Jackson.strictJson();

    /** The claims whose values are NumericDates (RFC 7519 §4.1.4-6). */
    private static final String[] NUMERIC_DATE_CLAIMS = {"exp", "nbf", "iat"};
    /** 9999-12-31T23:59:59Z: later (or as far before 1970) is no date an issuer means. */
    static final long MAX_NUMERIC_DATE_SECONDS = 253_402_300_799L;

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** The base64url alphabet (RFC 4648 §5) and the '.' between segments, indexed by ASCII code. */
    private static final boolean[] COMPACT_ALPHABET = new boolean[128];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < alphabet.length(); i++) {
            COMPACT_ALPHABET[alphabet.charAt(i)] = true;
        }
    }

    /**
     * @param token the token text, already bounded in size
     * @return what it says of itself
     * @throws RejectedTokenException with {@link Reason#MALFORMED_TOKEN}, {@link Reason#UNSUPPORTED_HEADER},
     *                                {@link Reason#MALFORMED_CLAIM}, or {@link Reason#BAD_SIGNATURE} for an EdDSA
     *                                signature of neither 64 nor 114 octets
     */
    static CompactToken peek(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw malformed();
        }
        checkAlphabet(token, 0, token.length());
        JsonNode header = jsonObject(canonicalDecode(token.substring(0, first)));
        JsonNode payload = jsonObject(canonicalDecode(token.substring(first + 1, second)));
        if (second == token.length() - 1) {
            throw new RejectedTokenException(header.path("alg").asText("").equals("none")
                    ? Reason.UNSUPPORTED_ALGORITHM : Reason.MALFORMED_TOKEN);
        }
        if (!header.path("alg").isTextual()) {
            throw malformed();
        }
        // An EdDSA signature is 64 octets for Ed25519, 114 for Ed448 (RFC 8032 §5.1.7, §5.2.7): 86 or 152 base64url
        // characters. Checked here because providers differ: JDK 17's SunEC ignores octets past the 64th, the
        // Amazon Corretto Crypto Provider (and JDK 25) refuse them; a decision must not depend on the provider.
        int signatureChars = token.length() - second - 1;
        if (header.path("alg").asText().equals("EdDSA") && signatureChars != 86 && signatureChars != 152) {
            throw new RejectedTokenException(Reason.BAD_SIGNATURE);
        }
        // No JWS extension is supported, so any "crit" is unsupported (RFC 7515 §4.1.11); "b64" (RFC 7797) would
        // change what the signature covers; "zip" and "enc" do not belong in a JWS.
        if (header.has("crit") || header.has("b64") || header.has("zip") || header.has("enc")) {
            throw new RejectedTokenException(Reason.UNSUPPORTED_HEADER);
        }
        JsonNode kid = header.get("kid");
        JsonNode iss = payload.get("iss");
        if ((kid != null && !kid.isTextual()) || (iss != null && !iss.isTextual())) {
            throw malformed();
        }
        checkNumericDates(payload);
        return new CompactToken(header.get("alg").asText(), kid == null ? null : kid.asText(),
                iss == null ? null : iss.asText());
    }

    /**
     * {@code exp}, {@code nbf} and {@code iat} must be NumericDates (RFC 7519 §2, §4.1.4-6): JSON numbers. This is
     * the only place that can tell: JJWT turns a JSON string into a date too (digits, or any ISO-8601 text), and
     * its {@code Claims} hand back the same {@code Long} of seconds whatever the JSON said
     * ({@code JjwtClaimTypesContractTest}). A number is also refused when JJWT could not read it faithfully: it
     * takes {@code longValue()} of the seconds and multiplies by 1000 without an overflow check, so a large
     * integer wraps around and a large float saturates then overflows ({@code nbf: 1e300} would read as 1969 and
     * admit). Bounded at {@link #MAX_NUMERIC_DATE_SECONDS} either side of the epoch, well inside that range.
     */
    private static void checkNumericDates(JsonNode payload) {
        for (String claim : NUMERIC_DATE_CLAIMS) {
            JsonNode value = payload.get(claim);
            if (value != null && !isNumericDate(value)) {
                throw new RejectedTokenException(Reason.MALFORMED_CLAIM);
            }
        }
    }

    private static boolean isNumericDate(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() && value.longValue() >= -MAX_NUMERIC_DATE_SECONDS
                    && value.longValue() <= MAX_NUMERIC_DATE_SECONDS;
        }
        if (value.isFloatingPointNumber()) {
            // A double as JJWT's deserializer (the same mapper) reads it: NaN fails the comparison too.
            double seconds = value.doubleValue();
            return Math.abs(seconds) <= MAX_NUMERIC_DATE_SECONDS;
        }
        return false;
    }

    private static void checkAlphabet(String token, int from, int to) {
        // One bulk copy, then a table look-up per byte: the range tests per char cost more than the rest of the
        // pre-parse. A char above U+00FF becomes '?', one from U+0080 a negative byte: both are rejected.
        byte[] chars = token.substring(from, to).getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : chars) {
            if (b < 0 || !COMPACT_ALPHABET[b]) {
                throw malformed();
            }
        }
    }

    private static byte[] canonicalDecode(String segment) {
        if (segment.isEmpty() || segment.length() % 4 == 1) {
            throw malformed();
        }
        byte[] bytes = DECODER.decode(segment);
        // Reject non-canonical encodings (stray bits in the last character): one token, one spelling. A final
        // group of 2 characters leaves the last one's low 4 bits unused, one of 3 its low 2 (RFC 4648 §3.5).
        int rest = segment.length() % 4;
        if (rest != 0) {
            int unusedBits = rest == 2 ? 0x0F : 0x03;
            if ((sextet(segment.charAt(segment.length() - 1)) & unusedBits) != 0) {
                throw malformed();
            }
        }
        return bytes;
    }

    /** The 6-bit value of a base64url character, already checked to be one. */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private static JsonNode jsonObject(byte[] utf8) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
            JsonNode node = STRICT_JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw malformed();
            }
            return node;
        } catch (CharacterCodingException e) {
            throw malformed();
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static RejectedTokenException malformed() {
        return new RejectedTokenException(Reason.MALFORMED_TOKEN);
    }
}
