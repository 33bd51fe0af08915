package org.jwtverifier.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a route requires of a request.
 *
 * @param access              protected (a valid token is needed), public (admitted without one) or deny
 * @param issuers             issuers accepted here; empty means every configured issuer
 * @param audiences           audiences accepted here; empty means the token issuer's own audiences
 * @param audienceFromHost    also accept {@code <forwarded proto>://<forwarded host>} as audience
 * @param scopes              scopes that must all be granted ({@code scope} string or {@code scp} array)
 * @param requiredClaims      claim name to accepted values: the claim (a string or an array of strings) must
 *                            hold at least one of them
 * @param identityHeaders     the identity headers of this route; empty means the global ones
 * @param tokenCookie         a cookie that may carry the token on this route
 * @param tokenQueryParameter a query parameter that may carry the token on this route
 */
public record PolicyConfig(Access access, Set<String> issuers, Set<String> audiences, boolean audienceFromHost,
                           Set<String> scopes, Map<String, Set<String>> requiredClaims,
                           Optional<List<IdentityHeader>> identityHeaders, Optional<String> tokenCookie,
                           Optional<String> tokenQueryParameter) {

    /** Whether a route admits, checks or refuses. */
    public enum Access {
        PROTECTED, PUBLIC, DENY
    }

    /** The built-in default: protected, every issuer, issuer audiences, no scopes, header token only. */
    public static PolicyConfig defaults() {
        return new PolicyConfig(Access.PROTECTED, Set.of(), Set.of(), false, Set.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
