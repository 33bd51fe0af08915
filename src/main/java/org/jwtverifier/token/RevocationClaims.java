package org.jwtverifier.token;

import java.time.Clock;
import java.util.Date;
import java.util.Map;
import org.jwtverifier.revocation.RevocationCheck;

/**
 * What of a verified token a revocation can match: {@code jti}, {@code sub}, {@code sid} (and {@code iat}, from
 * its {@link TimeClaims}). Taken from the claims once, when the token is verified, and kept with a cached
 * verification, so a fresh verification and a cache hit ask the very same question ({@link #revoked}).
 *
 * <p>A claim that is a JSON number or boolean is compared by its text, as an operator would type it; an object
 * or array matches nothing.
 */
record RevocationClaims(String jti, String sub, String sid) {
    static final RevocationClaims NONE = new RevocationClaims(null, null, null);

    static RevocationClaims of(Map<String, ?> claims) {
        String jti = text(claims.get("jti"));
        String sub = text(claims.get("sub"));
        String sid = text(claims.get("sid"));
        return jti == null && sub == null && sid == null ? NONE : new RevocationClaims(jti, sub, sid);
    }

    /** @return whether {@code check} revokes this token of {@code issuer} now */
    boolean revoked(RevocationCheck check, String issuer, TimeClaims times, Clock clock) {
        if (this == NONE) {
            return false;
        }
        // The milliseconds TimeClaims compares, so a revocation and an expiry are decided on the same clock reading.
        long now = Date.from(clock.instant()).getTime();
        return check.isRevoked(issuer, jti, sub, sid, times.iatMillis(), now);
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return null;
    }
}
