package org.jwtverifier.decision;

import java.util.List;
import java.util.Optional;
import org.jwtverifier.config.AddressRange;
import org.jwtverifier.config.IpLiteral;

/** Which peers may tell us, through {@code X-Forwarded-*}, what the original request was. */
final class TrustedProxies {
    private final List<AddressRange> ranges;

    TrustedProxies(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param remoteAddress the peer's address as the container reports it (with RemoteIpValve and the like, text
     *                      a client may have written): only an IP literal is ever trusted, and it is read without
     *                      a resolver, so the request path never waits on DNS
     */
    boolean trusts(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        int zone = remoteAddress.indexOf('%');
        String literal = zone > 0 ? remoteAddress.substring(0, zone) : remoteAddress;
        Optional<byte[]> address = IpLiteral.parse(literal);
        if (address.isEmpty()) {
            return false;
        }
        for (AddressRange range : ranges) {
            if (range.contains(address.get())) {
                return true;
            }
        }
        return false;
    }
}
