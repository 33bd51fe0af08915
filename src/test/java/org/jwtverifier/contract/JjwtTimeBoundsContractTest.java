package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.testsupport.Tokens;

/**
 * Where JJWT 0.13 draws the lines of {@code exp} and {@code nbf}, to the millisecond. {@code token.TimeClaims}
 * repeats these comparisons on every cache hit: if an upgrade moves a line, one of these fails, and the cache would
 * otherwise disagree with a fresh verification.
 */
class JjwtTimeBoundsContractTest {
    private static final long SECONDS = 1_796_148_800L;
    private static final long SKEW_SECONDS = 60;

    private static String token(String claim, Object value) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(claim, value);
        return Tokens.sign(Tokens.header("RS256", TestKeys.RSA.kid()), claims, TestKeys.RSA.privateKey());
    }

    /** Parses at {@code nowMillis} with the given skew; throws what JJWT throws. */
    private static void parseAt(String token, long nowMillis, long skewSeconds) {
        Jwts.parser().verifyWith(TestKeys.RSA.publicKey()).clock(() -> new Date(nowMillis))
                .clockSkewSeconds(skewSeconds).build().parseSignedClaims(token);
    }

    @Test
    void expWhenNowIsExactlyExpPlusSkewThenAdmittedAndOneMillisecondLaterExpired() {
        String token = token("exp", SECONDS);
        long limit = SECONDS * 1000 + SKEW_SECONDS * 1000;
        parseAt(token, limit, SKEW_SECONDS);
        assertThrows(ExpiredJwtException.class, () -> parseAt(token, limit + 1, SKEW_SECONDS));
    }

    @Test
    void expWhenNoSkewThenAdmittedAtExpItselfContraryToRfc7519WordingOnOrAfter() {
        String token = token("exp", SECONDS);
        parseAt(token, SECONDS * 1000, 0);
        assertThrows(ExpiredJwtException.class, () -> parseAt(token, SECONDS * 1000 + 1, 0));
    }

    @Test
    void nbfWhenNowIsExactlyNbfMinusSkewThenAdmittedAndOneMillisecondEarlierPremature() {
        String token = token("nbf", SECONDS);
        long limit = SECONDS * 1000 - SKEW_SECONDS * 1000;
        parseAt(token, limit, SKEW_SECONDS);
        assertThrows(PrematureJwtException.class, () -> parseAt(token, limit - 1, SKEW_SECONDS));
    }

    @Test
    void expWhenFractionalThenTheLineIsAtTheWholeSecondBelow() {
        String token = token("exp", SECONDS + 0.75);
        assertThrows(ExpiredJwtException.class, () -> parseAt(token, SECONDS * 1000 + 1, 0),
                "the .75 is dropped, not rounded");
    }

    @Test
    void clockWhenSubMillisecondThenJjwtSeesTheFlooredMillisecondOfDateFrom() {
        // The verifier hands JJWT Date.from(clock.instant()); Date keeps milliseconds, flooring the rest.
        Instant justAfter = Instant.ofEpochSecond(SECONDS, 999_999);
        assertEquals(SECONDS * 1000, Date.from(justAfter).getTime());
        parseAt(token("exp", SECONDS), Date.from(justAfter).getTime(), 0);
    }

    @Test
    void skewWhenGivenInSecondsThenAppliedAsThatManyThousandMilliseconds() {
        String token = token("exp", SECONDS);
        parseAt(token, SECONDS * 1000 + 1000, 1);
        assertThrows(ExpiredJwtException.class, () -> parseAt(token, SECONDS * 1000 + 1001, 1));
    }
}
