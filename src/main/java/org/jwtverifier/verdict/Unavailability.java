package org.jwtverifier.verdict;

import java.time.Duration;

/**
 * Why a request could not be decided at all: not a verdict on the token, so no challenge, but 503 with
 * {@code Retry-After} (RFC 9110 §15.6.4 and §10.2.3): the proxy may try again, or another instance.
 */
public enum Unavailability {
    /** The token's issuer holds no usable keys and none could be had in time. A decision can reach it. */
    KEYS_UNAVAILABLE("keys_unavailable", "Keys unavailable"),
    /**
     * The token is to be introspected (RFC 7662), no answer for it is remembered, and the issuer's endpoint could
     * not give a usable one in time: failing, too slow, or busy with as many calls as the verifier makes at once.
     */
    INTROSPECTION_UNAVAILABLE("introspection_unavailable", "Introspection unavailable"),
    /** The deployment is stopping: nothing is left to decide with. Answered before any decision. */
    STOPPING("stopping", "Stopping"),
    /**
     * The request outlived a reload's bounded wait, and the configuration it began with was closed under it.
     * Answered instead of a decision.
     */
    CONFIGURATION_RELOADED("configuration_reloaded", "Configuration reloaded during the request");

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String code;
    private final String message;

    Unavailability(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** @return the stable code used in counters, metrics labels and logs */
    public String code() {
        return code;
    }

    /** @return the one-line message of the response body */
    public String message() {
        return message;
    }

    /** @return how long a client should wait before asking again ({@code Retry-After}) */
    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
