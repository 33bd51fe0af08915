package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.jwtverifier.verdict.Reason;

/**
 * A verified token's time claims and the clock skew of its issuer: the one check of {@code exp}, {@code nbf} and
 * {@code iat} against a clock, run after JJWT's parse on every verification and again on every hit of the
 * verified-token cache, so that a cached verification can never outlive what a fresh one would admit.
 *
 * <p>The comparisons are JJWT 0.13's own ({@code DefaultJwtParser}), on the same milliseconds
 * ({@code JjwtTimeBoundsContractTest} pins them): the instants are the {@link Date}s JJWT's {@link Claims} make of
 * the NumericDates (whole seconds: a fraction is cut off), the current time is {@code clock.instant()} in whole
 * milliseconds as JJWT's clock gives it, and the skew is in whole seconds, as JJWT takes it.
 * <ul>
 *   <li>expired (RFC 7519 §4.1.4) when {@code now - skew > exp}: still admitted exactly at {@code exp + skew};</li>
 *   <li>not yet valid (§4.1.5) when {@code now + skew < nbf}: admitted from exactly {@code nbf - skew};</li>
 *   <li>issued in the future (§4.1.6, checked here, not by JJWT) when {@code iat > now + skew}, the same rule.</li>
 * </ul>
 * Checked in that order, which is JJWT's, with {@code iat} last because it is checked after JJWT's parse.
 *
 * @param expMillis the {@code exp} instant in epoch milliseconds, or null when absent
 * @param nbfMillis the {@code nbf} instant, or null
 * @param iatMillis the {@code iat} instant, or null
 * @param skewMillis the tolerated clock difference, in whole seconds expressed in milliseconds
 */
public record TimeClaims(Long expMillis, Long nbfMillis, Long iatMillis, long skewMillis) {

    /**
     * @param claims claims as JJWT parsed them
     * @param skew   the issuer's configured skew
     */
    public static TimeClaims of(Claims claims, Duration skew) {
        return new TimeClaims(millis(claims.getExpiration()), millis(claims.getNotBefore()),
                millis(claims.getIssuedAt()), skewMillis(skew));
    }

    /** The skew as JJWT applies it: {@code clockSkewSeconds(skew.toSeconds())}, so sub-second parts are dropped. */
    public static long skewMillis(Duration skew) {
        return skew.toSeconds() * 1000;
    }

    /** @return the reason a token with these claims is rejected at the clock's current time, or empty */
    public Optional<Reason> check(Clock clock) {
        // Date.from, as the parser's clock: the same whole milliseconds (floored) that JJWT compares.
        long now = Date.from(clock.instant()).getTime();
        if (expMillis != null && now - skewMillis > expMillis) {
            return Optional.of(Reason.EXPIRED);
        }
        if (nbfMillis != null && now + skewMillis < nbfMillis) {
            return Optional.of(Reason.NOT_YET_VALID);
        }
        if (iatMillis != null && iatMillis > now + skewMillis) {
            return Optional.of(Reason.ISSUED_IN_FUTURE);
        }
        return Optional.empty();
    }

    private static Long millis(Date date) {
        return date == null ? null : date.getTime();
    }
}
