package org.jwtverifier.config;

import java.time.Duration;
import java.util.Set;

/**
 * One trusted token issuer.
 *
 * @param issuer         the exact {@code iss} value (RFC 7519 §4.1.1), compared as a case-sensitive string
 * @param keySource      where its keys come from
 * @param audiences      a token's {@code aud} must contain at least one of these (RFC 7519 §4.1.3)
 * @param algorithms     the {@code alg} values accepted (RFC 7518 §3.1 names); never {@code none}
 * @param clockSkew      tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param requireExpiry  reject tokens without {@code exp}
 * @param fetch          HTTP fetch settings (unused for local sources)
 * @param keyCache       key caching and refresh settings
 */
public record IssuerConfig(String issuer, KeySourceSpec keySource, Set<String> audiences, Set<String> algorithms,
                           Duration clockSkew, boolean requireExpiry, FetchSettings fetch,
                           KeyCacheSettings keyCache) {
}
