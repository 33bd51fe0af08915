package org.jwtverifier.token;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.KeyException;
import io.jsonwebtoken.security.SignatureException;
import org.jwtverifier.verdict.Reason;

/** The one place where JJWT's exceptions become reason codes. */
final class JwtExceptions {
    private JwtExceptions() {
    }

    /**
     * @return whether the parse failed for want of keys rather than because of the token: the key locator found
     *         none held for the issuer ({@link KeysUnavailableDuringParse}, possibly wrapped by JJWT)
     */
    static boolean keysUnavailable(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeysUnavailableDuringParse) {
                return true;
            }
        }
        return false;
    }

    static Reason reasonFor(RuntimeException e) {
        Throwable t = e;
        // JJWT may wrap what the key locator threw.
        while (t != null) {
            if (t instanceof RejectedTokenException rejected) {
                return rejected.reason();
            }
            t = t.getCause();
        }
        if (e instanceof ExpiredJwtException) {
            return Reason.EXPIRED;
        }
        if (e instanceof PrematureJwtException) {
            return Reason.NOT_YET_VALID;
        }
        if (e instanceof IncorrectClaimException || e instanceof MissingClaimException) {
            return Reason.UNKNOWN_ISSUER;
        }
        if (e instanceof SignatureException) {
            return Reason.BAD_SIGNATURE;
        }
        if (e instanceof KeyException) {
            return Reason.KEY_MISMATCH;
        }
        if (e instanceof UnsupportedJwtException) {
            return Reason.UNSUPPORTED_HEADER;
        }
        if (e instanceof MalformedJwtException) {
            return Reason.MALFORMED_TOKEN;
        }
        if (e instanceof io.jsonwebtoken.security.SecurityException) {
            return Reason.BAD_SIGNATURE;
        }
        return Reason.MALFORMED_TOKEN;
    }
}
