package org.jwtverifier.jwks;

/**
 * No usable key set is held for an issuer and none could be had in time. Verification could not run: this is
 * an availability problem (503), never a verdict on the token.
 */
public final class KeysUnavailableException extends Exception {
    public KeysUnavailableException(String message) {
        super(message);
    }
}
