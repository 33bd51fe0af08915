package org.jwtverifier.token;

import org.jwtverifier.jwks.KeysUnavailableException;

/**
 * Thrown from inside JJWT's parsing (the key locator) when the issuer's key store holds no usable keys, to carry
 * that out past JJWT, which only lets unchecked exceptions through. Internal to this package: the public result is
 * {@link Verification.Unavailable}. No stack trace of its own: the cause says where the keys went missing.
 */
final class KeysUnavailableDuringParse extends RuntimeException {
    KeysUnavailableDuringParse(KeysUnavailableException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
