package org.jwtverifier.http;

import org.jwtverifier.token.Reason;

/** Renders the {@code WWW-Authenticate} challenge of RFC 6750 §3. */
final class Challenges {
    private Challenges() {
    }

    /**
     * @param realm  the configured realm (validated to be quotable)
     * @param reason why the request was refused
     * @param scope  for {@code insufficient_scope}: the scopes needed (RFC 6750 §3), else null
     * @return the header value, e.g. {@code Bearer realm="api", error="invalid_token", error_description="..."}
     */
    static String bearer(String realm, Reason reason, String scope) {
        StringBuilder out = new StringBuilder(96).append("Bearer realm=\"").append(realm).append('"');
        if (reason.error() != null) {
            out.append(", error=\"").append(reason.error()).append('"');
            if (reason.description() != null) {
                out.append(", error_description=\"").append(reason.description()).append('"');
            }
            if (scope != null) {
                out.append(", scope=\"").append(scope).append('"');
            }
        }
        return out.toString();
    }
}
