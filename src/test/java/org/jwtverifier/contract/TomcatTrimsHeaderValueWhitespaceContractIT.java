package org.jwtverifier.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tomcat removes spaces and tabs around a header value before the application sees it (RFC 9110 §5.5: optional
 * whitespace is not part of the field value), and keeps whitespace inside it. Decider.bearerToken and the identity
 * header rules rely on it: a value the proxy or client padded arrives unpadded, so the application never sees
 * (and need not handle) whitespace at the ends of a header value.
 */
class TomcatTrimsHeaderValueWhitespaceContractIT extends ProbeDeployedTest {

    @Test
    void headerValueWhenPaddedWithSpacesAndTabsThenArrivesTrimmedWithInnerWhitespaceKept() {
        assertEquals("[Bearer  a\tb]\n",
                ProbeDeployment.get("/header/Authorization", "Authorization: \t  Bearer  a\tb \t "));
    }

    @Test
    void headerValueWhenOnlyWhitespaceThenArrivesEmpty() {
        assertEquals("[]\n", ProbeDeployment.get("/header/X-Probe", "X-Probe: \t \t"));
    }
}
