package org.jwtverifier.token;

/**
 * Why a request was not admitted: the reason code that goes to counters and the decision log, and what the client
 * is told, following RFC 6750 §3 and §3.1. Descriptions are short fixed phrases: they never echo the token.
 */
public enum Reason {
    /** No bearer token at all: a bare challenge, no error attribute (RFC 6750 §3.1, last paragraph). */
    MISSING_TOKEN("missing_token", 401, null, null),
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
    WRONG_AUDIENCE("wrong_audience", 401, "invalid_token", "The token is not meant for this audience"),
    WRONG_TOKEN_TYPE("wrong_token_type", 401, "invalid_token", "The token is not an access token"),
    ISSUER_NOT_ACCEPTED("issuer_not_accepted", 401, "invalid_token", "The token's issuer is not accepted here"),
    MULTIPLE_TOKENS("multiple_tokens", 400, "invalid_request", "More than one token in the request"),
    /** Valid token, missing scope: RFC 6750 §3.1 {@code insufficient_scope}, with the {@code scope} attribute. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403, "insufficient_scope", "The token lacks a required scope"),
    MISSING_CLAIM("missing_claim", 403, "insufficient_scope", "The token lacks a required claim"),
    /** The route refuses every request. */
    ROUTE_DENIED("route_denied", 403, null, null),
    KEYS_UNAVAILABLE("keys_unavailable", 503, null, null);

    private final String code;
    private final int status;
    private final String error;
    private final String description;

    Reason(String code, int status, String error, String description) {
        this.code = code;
        this.status = status;
        this.error = error;
        this.description = description;
    }

    /** @return the stable reason code used in counters, metrics labels and logs */
    public String code() {
        return code;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the RFC 6750 {@code error} attribute, or null for none */
    public String error() {
        return error;
    }

    /** @return the RFC 6750 {@code error_description}, or null for none */
    public String description() {
        return description;
    }
}
