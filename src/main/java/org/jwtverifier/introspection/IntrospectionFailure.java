package org.jwtverifier.introspection;

/**
 * The issuer's introspection endpoint gave no usable answer: unreachable, too slow, an HTTP error, or an answer
 * that is not a JSON object with a boolean {@code active}. Never a verdict on the token: answered 503. The message
 * names the endpoint and what went wrong, never the token nor the client secret.
 */
public final class IntrospectionFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public IntrospectionFailure(String message) {
        super(message, null, false, false);
    }
}
