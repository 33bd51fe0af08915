package org.jwtverifier.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an IP address from its text alone, never through a resolver. {@link InetAddress#getByName} is no such
 * reader: text it cannot read as a literal ({@code cafe}, {@code 1.2.3.4.5}) it looks up in DNS, and it reads the
 * legacy IPv4 forms ({@code 127.1}, {@code 2130706433}, {@code 0177.0.0.1}) as addresses no operator wrote.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * @param text an IPv4 address as a dotted quad (four decimal octets, no leading zeros), or an IPv6 address
     *             (RFC 4291 §2.2, with or without the brackets of RFC 3986 §3.2.2, no zone)
     * @return its bytes (4 or 16; an IPv4-mapped IPv6 address gives 4, as the JDK reads it), or empty when the
     *         text is not such a literal
     */
    public static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return literal.indexOf(':') >= 0 ? ipv6(literal) : ipv4(literal);
    }

    private static Optional<byte[]> ipv4(String literal) {
        String[] octets = literal.split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!octets[i].matches("0|[1-9][0-9]{0,2}")) {
                return Optional.empty();
            }
            int value = Integer.parseInt(octets[i]);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    private static Optional<byte[]> ipv6(String literal) {
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            // In brackets the JDK reads the text as an IPv6 literal or fails: it never falls back to DNS.
            return Optional.of(InetAddress.getByName("[" + literal + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
