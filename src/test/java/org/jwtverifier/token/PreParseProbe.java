package org.jwtverifier.token;

import org.jwtverifier.verdict.Reason;

/**
 * The strict pre-parse ({@link CompactToken#peek}) seen from outside its package, for the fuzz targets: either
 * what the token says of itself, or the {@link Reason} of its documented rejection. Anything else it throws
 * passes through untouched, so a fuzz target sees it as the fault it is.
 *
 * @param token  the pre-parse result, or null when rejected
 * @param reason the rejection's reason, or null when accepted
 */
public record PreParseProbe(CompactToken token, Reason reason) {

    public static PreParseProbe peek(String token) {
        try {
            return new PreParseProbe(CompactToken.peek(token), null);
        } catch (RejectedTokenException e) {
            return new PreParseProbe(null, e.reason());
        }
    }
}
