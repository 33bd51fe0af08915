package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import java.math.BigInteger;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.testsupport.Tokens;
import org.jwtverifier.token.CompactToken;

/**
 * What JJWT 0.13's {@link Claims} hand back for each JSON shape of a claim, parsed with the JSON mapper the
 * verifier gives JJWT. The verifier relies on it: the raw JSON type of {@code exp}, {@code nbf} and {@code iat}
 * is gone after JJWT's parse (a string becomes the same {@code Long} as a number), so {@code CompactToken}
 * checks it on the raw payload; and the cache re-checks the {@code Date}s JJWT makes of them, so their
 * conversion (whole seconds, no overflow check) is what decides.
 */
class JjwtClaimTypesContractTest {
    /** 2026-12-01T18:13:20Z. */
    private static final long SECONDS = 1_796_148_800L;

    /** With a clock long before every exp used here. */
    private static final JwtParser BEFORE_ALL = parser(Long.MIN_VALUE / 2);
    /** With a clock long after every nbf used here. */
    private static final JwtParser AFTER_ALL = parser(Long.MAX_VALUE / 2);

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JwtParser parser(long nowMillis) {
        return Jwts.parser().verifyWith(TestKeys.RSA.publicKey())
                .json(new JacksonDeserializer(CompactToken.STRICT_JSON))
                .clock(() -> new Date(nowMillis)).build();
    }

    /** Parses a token whose only claim {@code name} is {@code value}, as Jackson writes it. */
    private static Claims parse(String name, Object value) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(name, value);
        String token = Tokens.sign(Tokens.header("RS256", TestKeys.RSA.kid()), claims, TestKeys.RSA.privateKey());
        // A clock at which the claim cannot stop the parse: JJWT checks exp and nbf, not iat.
        return (name.equals("nbf") ? AFTER_ALL : BEFORE_ALL).parseSignedClaims(token).getPayload();
    }

    @Test
    void timeClaimWhenJsonIntegerThenGetReturnsLongSecondsAndTheDateIsWholeSeconds() {
        for (String claim : List.of("exp", "iat")) {
            Claims claims = parse(claim, SECONDS);
            assertEquals(SECONDS, assertInstanceOf(Long.class, claims.get(claim)), claim);
        }
        assertEquals(SECONDS * 1000, parse("exp", SECONDS).getExpiration().getTime());
        assertEquals(SECONDS * 1000, parse("iat", SECONDS).getIssuedAt().getTime());
    }

    @Test
    void timeClaimWhenJsonStringOfDigitsThenConvertedToTheSameLongAsANumber() {
        Claims claims = parse("exp", String.valueOf(SECONDS));
        assertEquals(SECONDS, assertInstanceOf(Long.class, claims.get("exp")), "the JSON type is no longer visible");
        assertEquals(SECONDS * 1000, claims.getExpiration().getTime(), "getExpiration converts a string");
        assertEquals(SECONDS * 1000, parse("nbf", String.valueOf(SECONDS)).getNotBefore().getTime());
        assertEquals(SECONDS * 1000, parse("iat", String.valueOf(SECONDS)).getIssuedAt().getTime());
    }

    @Test
    void timeClaimWhenIso8601StringThenConvertedToo() {
        Claims claims = parse("exp", "2026-01-01T00:00:00Z");
        assertEquals(1_767_225_600L, assertInstanceOf(Long.class, claims.get("exp")));
    }

    @Test
    void timeClaimWhenFractionThenTruncatedToWholeSeconds() {
        Claims claims = parse("exp", SECONDS + 0.9);
        assertEquals(SECONDS, assertInstanceOf(Long.class, claims.get("exp")));
        assertEquals(SECONDS * 1000, claims.getExpiration().getTime(), "not " + (SECONDS * 1000 + 900));
    }

    @Test
    void timeClaimWhenIntegerBeyondALongThenItsLow64BitsAreTaken() {
        // 2^64 + 1: read as 1 second after the epoch.
        Claims claims = parse("exp", BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE));
        assertEquals(1L, assertInstanceOf(Long.class, claims.get("exp")));
        assertEquals(1000L, claims.getExpiration().getTime());
    }

    @Test
    void timeClaimWhenSecondsTimesThousandOverflowsThenTheDateWrapsAround() {
        // 1e300 saturates to Long.MAX_VALUE seconds, and times 1000 overflows to -1000 ms: before 1970.
        assertEquals(-1000L, parse("nbf", 1.0e300).getNotBefore().getTime());
        assertEquals(-1000L, parse("iat", 1.0e300).getIssuedAt().getTime());
    }

    @Test
    void timeClaimWhenBooleanArrayObjectOrOtherTextThenTheParseFailsAsMalformed() {
        for (Object value : List.of(true, List.of(1), Map.of("a", 1), "soon")) {
            for (String claim : List.of("exp", "nbf", "iat")) {
                assertThrows(MalformedJwtException.class, () -> parse(claim, value), claim + " " + value);
            }
        }
    }

    @Test
    void otherClaimThenGetReturnsTheJsonTypeAsJacksonReadsIt() {
        assertInstanceOf(Integer.class, parse("n", 5).get("n"));
        assertInstanceOf(Long.class, parse("n", SECONDS * 1000).get("n"));
        assertInstanceOf(BigInteger.class, parse("n", BigInteger.TEN.pow(20)).get("n"));
        assertInstanceOf(Double.class, parse("n", 1.5).get("n"));
        assertEquals("1796148800", assertInstanceOf(String.class, parse("n", "1796148800").get("n")));
        assertInstanceOf(Boolean.class, parse("n", true).get("n"));
        assertEquals(List.of(1), assertInstanceOf(List.class, parse("n", List.of(1)).get("n")));
        assertEquals(Map.of("a", 1), assertInstanceOf(Map.class, parse("n", Map.of("a", 1)).get("n")));
    }
}
