package org.jwtverifier.policy;

import org.jwtverifier.token.Reason;

/**
 * Why a valid token does not satisfy a route.
 *
 * @param reason the reason code
 * @param scope  for {@link Reason#INSUFFICIENT_SCOPE}: the space-separated scopes the route requires (RFC 6750
 *               §3 {@code scope} attribute), else null
 */
public record Denial(Reason reason, String scope) {
}
