package org.jwtverifier.http;

import java.util.Optional;
import org.jwtverifier.verdict.Challenge;

/** Renders the {@code WWW-Authenticate} challenge of RFC 6750 §3. */
final class Challenges {
    private Challenges() {
    }

    /**
     * @param realm     the configured realm (validated to be quotable)
     * @param challenge what the client is told (its values are fixed phrases and configured scopes, all quotable)
     * @return the header value, e.g. {@code Bearer realm="api", error="invalid_token", error_description="..."},
     *         or empty for {@link Challenge#NONE}
     */
    static Optional<String> wwwAuthenticate(String realm, Challenge challenge) {
        if (challenge instanceof Challenge.None) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(96).append("Bearer realm=\"").append(realm).append('"');
        if (challenge instanceof Challenge.Error error) {
            out.append(", error=\"").append(error.error()).append('"');
            out.append(", error_description=\"").append(error.description()).append('"');
            if (error.scope() != null) {
                out.append(", scope=\"").append(error.scope()).append('"');
            }
        }
        return Optional.of(out.toString());
    }
}
