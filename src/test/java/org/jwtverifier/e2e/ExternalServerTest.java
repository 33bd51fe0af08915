package org.jwtverifier.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing proxy binary fails the end-to-end tests with a message that says what to install; it never skips. */
class ExternalServerTest {

    @Test
    void missingBinaryFailsWithTheDebianPackageToInstall() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExternalServer.requireBinary("no-such-proxy-7f3a", "no-such-package"));
        assertTrue(e.getMessage().contains("'no-such-proxy-7f3a' is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install no-such-package"), e.getMessage());
    }

    @Test
    void presentBinaryIsFound() {
        assertTrue(ExternalServer.requireBinary("sh", "dash").toString().endsWith("/sh"));
    }
}
