package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"cafe", "beef", "1.2.3.4.5", "127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1",
            "127.0.0.01", "256.0.0.1", "1.2.3.", ".1.2.3", "localhost", "example.test", "::g", "[::1", "1:2:3:4:5:6:7:8:9",
            " 127.0.0.1", "127.0.0.1 ", ""})
    void parseWhenTextIsNoDottedQuadNorIpv6LiteralThenEmptyWithoutAskingAResolver(String text) {
        assertTrue(IpLiteral.parse(text).isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.20.30.40"})
    void parseWhenDottedQuadThenItsFourBytes(String text) {
        byte[] bytes = IpLiteral.parse(text).orElseThrow();
        String[] octets = text.split("\\.");
        assertEquals(4, bytes.length);
        for (int i = 0; i < 4; i++) {
            assertEquals(Integer.parseInt(octets[i]), bytes[i] & 0xff, text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1]", "0:0:0:0:0:0:0:1", "[0000:0000:0000:0000:0000:0000:0000:0001]"})
    void parseWhenIpv6LoopbackInAnySpellingThenTheSameSixteenBytes(String text) {
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, IpLiteral.parse(text).orElseThrow(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1/8", "2130706433/32", "cafe/16", "localhost/32"})
    void addressRangeWhenAddressIsNoLiteralThenRefusedWithTheOperatorsText(String cidr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(cidr));
        assertTrue(e.getMessage().contains("'" + cidr + "'"), e.getMessage());
    }
}
