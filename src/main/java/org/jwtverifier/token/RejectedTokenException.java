package org.jwtverifier.token;

import org.jwtverifier.verdict.Reason;

/**
 * Thrown from inside JJWT's parsing (the key locator) to carry our reason out. Internal to this package: the
 * public result is {@link Verification.Rejected}. No stack trace: it is a verdict, not a fault.
 */
final class RejectedTokenException extends RuntimeException {
    private final Reason reason;

    RejectedTokenException(Reason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
