package org.jwtverifier.jwks;

/** Keys could not be fetched or read: the IdP failed, timed out, or answered something that is not a JWKS. */
public class KeySourceException extends Exception {
    public KeySourceException(String message) {
        super(message);
    }
}
