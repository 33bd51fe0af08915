package org.jwtverifier.verdict;

/**
 * Why a request was refused: the reason code that goes to counters and the decision log, and what the client is
 * told, following RFC 6750 §3 and §3.1: the HTTP status, the challenge, and a short fixed message for the body.
 * Messages and descriptions never echo the token.
 *
 * <p>A request that could not be decided (no keys to verify with) is not refused: see {@link Unavailability}.
 */
public enum Reason {
    /** No bearer token at all: a bare challenge, no error attribute (RFC 6750 §3.1, last paragraph). */
    MISSING_TOKEN("missing_token", 401, Challenge.BARE, "Unauthorized"),
    DUPLICATE_AUTHORIZATION("duplicate_authorization", 400, "invalid_request", "More than one Authorization header"),
    TOKEN_TOO_LARGE("token_too_large", 400, "invalid_request", "The token is too large"),
    MALFORMED_TOKEN("malformed_token", 401, "invalid_token", "The token is malformed"),
    /** An {@code exp}, {@code nbf} or {@code iat} that is not a JSON number (RFC 7519 §2, NumericDate). */
    MALFORMED_CLAIM("malformed_claim", 401, "invalid_token", "A time claim of the token is not a NumericDate"),
    UNSUPPORTED_ALGORITHM("unsupported_algorithm", 401, "invalid_token", "The token's algorithm is not accepted"),
    UNSUPPORTED_HEADER("unsupported_header", 401, "invalid_token", "The token uses an unsupported header"),
    UNKNOWN_ISSUER("unknown_issuer", 401, "invalid_token", "The token's issuer is not trusted"),
    UNKNOWN_KID("unknown_kid", 401, "invalid_token", "The token's signing key is unknown"),
    KEY_MISMATCH("key_mismatch", 401, "invalid_token", "The token's signing key does not fit its algorithm"),
    BAD_SIGNATURE("bad_signature", 401, "invalid_token", "The token's signature is invalid"),
    EXPIRED("expired", 401, "invalid_token", "The token has expired"),
    NOT_YET_VALID("not_yet_valid", 401, "invalid_token", "The token is not valid yet"),
    ISSUED_IN_FUTURE("issued_in_future", 401, "invalid_token", "The token is issued in the future"),
    MISSING_EXPIRY("missing_expiry", 401, "invalid_token", "The token has no expiry"),
    /** Valid in every other respect, but revoked by {@code jti}, subject or session before its {@code exp}. */
    REVOKED("revoked", 401, "invalid_token", "The token has been revoked"),
    /** The issuer's introspection endpoint answered {@code active: false} (RFC 7662 §2.2). */
    INACTIVE_TOKEN("inactive_token", 401, "invalid_token", "The token is not active"),
    WRONG_AUDIENCE("wrong_audience", 401, "invalid_token", "The token is not meant for this audience"),
    WRONG_TOKEN_TYPE("wrong_token_type", 401, "invalid_token", "The token is not an access token"),
    ISSUER_NOT_ACCEPTED("issuer_not_accepted", 401, "invalid_token", "The token's issuer is not accepted here"),
    MULTIPLE_TOKENS("multiple_tokens", 400, "invalid_request", "More than one token in the request"),
    /**
     * Valid token, missing scope: RFC 6750 §3.1 {@code insufficient_scope}; the route's {@link Denial} adds the
     * {@code scope} attribute.
     */
    INSUFFICIENT_SCOPE("insufficient_scope", 403, "insufficient_scope", "The token lacks a required scope"),
    MISSING_CLAIM("missing_claim", 403, "insufficient_scope", "The token lacks a required claim"),
    /** The route refuses every request: no challenge, since no credentials would help. */
    ROUTE_DENIED("route_denied", 403, Challenge.NONE, "Forbidden");

    private final String code;
    private final int status;
    private final Challenge challenge;
    private final String message;

    /** A reason whose challenge names the error; its description is also the body's message. */
    Reason(String code, int status, String error, String description) {
        this(code, status, new Challenge.Error(error, description, null), description);
    }

    Reason(String code, int status, Challenge challenge, String message) {
        this.code = code;
        this.status = status;
        this.challenge = challenge;
        this.message = message;
    }

    /** @return the stable reason code used in counters, metrics labels and logs */
    public String code() {
        return code;
    }

    /** @return the HTTP status (RFC 6750 §3.1: 400 for a bad request, 401 for a bad token, 403 for too little) */
    public int status() {
        return status;
    }

    /** @return what the client is told to do about it (without a {@code scope}: a {@link Denial} adds that) */
    public Challenge challenge() {
        return challenge;
    }

    /** @return the one-line message of the response body */
    public String message() {
        return message;
    }
}
