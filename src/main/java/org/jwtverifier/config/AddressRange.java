package org.jwtverifier.config;

import java.net.InetAddress;

/**
 * An IP address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}, or a single address), read by
 * {@link IpLiteral}: a name is never looked up, so a trusted range never comes from DNS.
 *
 * @param network the network address bytes
 * @param bits    prefix length
 */
public record AddressRange(byte[] network, int bits) {

    /**
     * @throws IllegalArgumentException with an operator-facing message
     */
    public static AddressRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = IpLiteral.parse(address).orElseThrow(() -> new IllegalArgumentException(
                "not an IP address range: '" + cidr + "' (use e.g. 10.0.0.0/8 or ::1/128)"));
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
        }
        return new AddressRange(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** @param candidate an address's bytes (4 or 16) */
    public boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}
