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
 * @param requireAccessTokenType require the RFC 9068 §2.1 header {@code typ: at+jwt}; when false, any or no
 *                       {@code typ} is accepted, {@code at+jwt} included
 * @param fetch          HTTP fetch settings (unused for local sources)
 * @param keyCache       key caching and refresh settings
 */
public record IssuerConfig(String issuer, KeySourceSpec keySource, Set<String> audiences, Set<String> algorithms,
                           Duration clockSkew, boolean requireExpiry, boolean requireAccessTokenType, FetchSettings fetch,
                           KeyCacheSettings keyCache) {
}
