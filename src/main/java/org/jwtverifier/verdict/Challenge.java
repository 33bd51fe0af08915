package org.jwtverifier.verdict;

import java.util.Objects;

/**
 * What a refused client is told to do about it: the {@code WWW-Authenticate: Bearer} challenge of RFC 6750 §3,
 * or none at all. Values are short fixed phrases that need no escaping in a quoted string; they never echo the
 * token.
 */
public sealed interface Challenge {

    /** No challenge: no credentials would help (a route that refuses every request). */
    Challenge NONE = new None();

    /**
     * A challenge without an {@code error} attribute: the request carried no credentials at all (RFC 6750 §3.1,
     * last paragraph).
     */
    Challenge BARE = new Bare();

    /** @see #NONE */
    record None() implements Challenge {
    }

    /** @see #BARE */
    record Bare() implements Challenge {
    }

    /**
     * A challenge naming what was wrong (RFC 6750 §3 and §3.1).
     *
     * @param error       the {@code error} attribute: {@code invalid_request}, {@code invalid_token} or
     *                    {@code insufficient_scope}
     * @param description the {@code error_description} attribute
     * @param scope       the {@code scope} attribute (the space-separated scopes needed), or null for none
     */
    record Error(String error, String description, String scope) implements Challenge {

        public Error {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(description, "description");
        }

        /** @return this challenge naming the scopes needed (RFC 6750 §3 {@code scope}) */
        public Error withScope(String scope) {
            return new Error(error, description, Objects.requireNonNull(scope, "scope"));
        }
    }
}
