package org.jwtverifier.decision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jwtverifier.config.AddressRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies loopbackAndTen = new TrustedProxies(List.of(AddressRange.parse("127.0.0.0/8"),
            AddressRange.parse("::1/128"), AddressRange.parse("10.0.0.0/8")));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::1%lo",
            "::ffff:127.0.0.1"})
    void trustsWhenPeerIsALiteralInATrustedRangeThenTrusted(String peer) {
        assertTrue(loopbackAndTen.trusts(peer), peer);
    }

    /** Legacy IPv4 forms the JDK resolver reads as 127.0.0.1 or 10.0.0.1, and hex-only names it would look up. */
    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "0177.0.0.1", "10.1", "167772161", "cafe", "1.2.3.4.5", "", "-",
            "11.0.0.1", "::2"})
    void trustsWhenPeerIsNoCanonicalLiteralOfATrustedRangeThenNotTrusted(String peer) {
        assertFalse(loopbackAndTen.trusts(peer), peer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "proxy.internal.example"})
    void trustsWhenPeerIsANameThenNotTrustedEvenIfItWouldResolveToATrustedAddress(String peer) {
        assertFalse(loopbackAndTen.trusts(peer), peer);
    }
}
