package org.jwtverifier.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.policy.ForwardedTarget;
import org.jwtverifier.policy.IdentityHeaders;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.token.CompactToken;

/**
 * Identity header rendering on claims of every JSON type, as JJWT's parser produces them from a token payload
 * (with the verifier's own strict JSON reader). What a proxy and a backend rely on, whatever the claim:
 * <ul>
 *   <li>only printable US-ASCII, so no control character (no CR/LF header injection) and nothing a proxy
 *       re-encodes;</li>
 *   <li>no whitespace at either end, which every HTTP recipient may strip (RFC 9110 §5.5);</li>
 *   <li>a text claim arrives either unchanged or in the RFC 8187 §3.2 notation that decodes back to it; a text
 *       that no header can give back (an unpaired surrogate) is left out, as IdentityHeaders documents.</li>
 * </ul>
 */
class IdentityHeadersFuzzTest {
    /** Every claim name the seeds use, each mapped to a header through the real configuration parser. */
    private static final List<String> CLAIMS = List.of("sub", "email", "name", "groups", "exp", "iat", "nbf",
            "aud", "iss", "jti", "scope", "s", "i", "big", "f", "t", "n", "a", "o");
    private static final Map<String, String> CLAIM_OF_HEADER;
    private static final IdentityHeaders HEADERS;
    private static final String UNSECURED_HEADER = b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final JwtParser JJWT = Jwts.parser().unsecured()
            .json(new JacksonDeserializer(CompactToken.STRICT_JSON)).build();

    static {
        StringBuilder yaml = new StringBuilder("identityHeaders:\n");
        Map<String, String> claimOf = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CLAIMS.size(); i++) {
            yaml.append("  ").append(CLAIMS.get(i)).append(": X-Claim-").append(i).append('\n');
            claimOf.put("X-Claim-" + i, CLAIMS.get(i));
        }
        yaml.append("issuers:\n  - issuer: https://idp.example\n    jwksFile: jwks.json\n    audiences: [api]\n");
        try {
            VerifierConfig config = new ConfigParser(Clock.systemUTC()).parse(yaml.toString(),
                    Path.of("/etc/jwt-verifier/config.yaml"));
            HEADERS = new PolicyTable(config).select(ForwardedTarget.UNKNOWN).identityHeaders();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        CLAIM_OF_HEADER = Map.copyOf(claimOf);
    }

    /** The input is a token payload: the JSON text of the claims. */
    @FuzzTest(maxDuration = "60s")
    void render(byte[] input) {
        Claims claims;
        try {
            claims = JJWT.parseUnsecuredClaims(UNSECURED_HEADER + "." + b64(input) + ".").getPayload();
        } catch (JwtException e) {
            return; // not claims a token could carry: JJWT's own rejection, before any header is rendered
        }
        Map<String, String> headers = HEADERS.render(claims);
        assertEquals(CLAIMS.size(), headers.size(), "every configured header is present");
        headers.forEach((header, value) -> {
            Object claim = claims.get(CLAIM_OF_HEADER.get(header));
            assertNotNull(value, header);
            assertPrintableAsciiWithoutOuterWhitespace(header, value, claim);
            if (claim instanceof String text) {
                if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
                    // An unpaired surrogate: no header text gives it back, so IdentityHeaders leaves it out.
                    assertEquals("", value, () -> header + " carries a claim no encoding gives back: "
                            + escaped(text));
                    return;
                }
                String received = value.startsWith(IdentityHeaders.ENCODED_PREFIX) ? decode(value) : value;
                assertEquals(text, received, () -> header + " does not carry its claim " + escaped(text) + " but "
                        + value);
            } else if (value.startsWith(IdentityHeaders.ENCODED_PREFIX)) {
                decode(value);
            }
        });
    }

    private static void assertPrintableAsciiWithoutOuterWhitespace(String header, String value, Object claim) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                fail(header + " carries character U+" + String.format("%04X", (int) c) + " for claim "
                        + escaped(String.valueOf(claim)));
            }
        }
        assertTrue(value.isEmpty() || (value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' '),
                () -> header + " has whitespace at an end for claim " + escaped(String.valueOf(claim)) + ": '"
                        + value + "'");
    }

    /** RFC 8187 §3.2.1 {@code ext-value} with charset UTF-8 and no language, decoded strictly. */
    private static String decode(String value) {
        String encoded = value.substring(IdentityHeaders.ENCODED_PREFIX.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                String hex = i + 3 <= encoded.length() ? encoded.substring(i + 1, i + 3) : "";
                assertTrue(hex.matches("[0-9A-F]{2}"), () -> "bad percent-escape in " + value);
                bytes.write(Integer.parseInt(hex, 16));
                i += 2;
            } else {
                assertTrue(isAttrChar(c), () -> "'" + c + "' is not an RFC 8187 attr-char in " + value);
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not UTF-8 once decoded: " + value, e);
        }
    }

    private static boolean isAttrChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? String.valueOf((char) cp)
                : String.format("\\u{%X}", cp)));
        return out.toString();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
