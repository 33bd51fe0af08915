package org.jwtverifier.decision;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jwtverifier.config.AddressRange;

/** Which peers may tell us, through {@code X-Forwarded-*}, what the original request was. */
final class TrustedProxies {
    private final List<AddressRange> ranges;

    TrustedProxies(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    boolean trusts(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return false;
        }
        String literal = remoteAddress;
        int zone = literal.indexOf('%');
        if (zone > 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        // Only IP literals: getByName must never turn into a DNS lookup on the request path.
        if (!isIpLiteral(literal)) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            for (AddressRange range : ranges) {
                if (range.contains(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
