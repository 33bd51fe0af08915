package org.jwtverifier.decision;

import java.util.List;
import org.jwtverifier.policy.ForwardedTarget;

/** Tokens outside the Authorization header, only where a route enables them (RFC 6750 §2.3 warns against them). */
final class TokenSources {
    private TokenSources() {
    }

    /** @return the named cookie's value from the {@code Cookie} headers (RFC 6265 §4.2), or null */
    static String cookie(List<String> cookieHeaders, String name) {
        String found = null;
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String value = pair.substring(eq + 1).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!value.isEmpty()) {
                        found = value;
                    }
                }
            }
        }
        return found;
    }

    /**
     * The named parameter of the original request: from {@code X-Forwarded-Uri} (Traefik) when trusted, else from
     * the auth request's own query (Caddy appends the client's query to it).
     */
    static String queryParameter(ForwardedTarget target, String requestQuery, String name) {
        List<String> values = target.query().get(name);
        if ((values == null || values.isEmpty()) && requestQuery != null) {
            values = ForwardedTarget.parseQuery(requestQuery).get(name);
        }
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }
}
