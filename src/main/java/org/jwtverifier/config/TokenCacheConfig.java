package org.jwtverifier.config;

import java.time.Duration;

/**
 * The verified-token cache.
 *
 * @param enabled    whether verified tokens are remembered
 * @param maxEntries bound on the number of tokens remembered
 * @param maxTtl     bound on how long one is remembered (never past its {@code exp})
 */
public record TokenCacheConfig(boolean enabled, long maxEntries, Duration maxTtl) {
    /** {@code tokenCache.enabled}. */
    public static final boolean DEFAULT_ENABLED = true;
    /** {@code tokenCache.maxEntries}. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** {@code tokenCache.maxTtl}. */
    public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(5);
    /** The cache when the file has no {@code tokenCache} section. */
    public static final TokenCacheConfig DEFAULTS = new TokenCacheConfig(DEFAULT_ENABLED, DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_TTL);

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public TokenCacheConfig {
        Problems.requireNonNull("maxTtl", maxTtl);
        Problems.requireNone(p -> check(maxEntries, maxTtl, p));
    }

    /** Records the problem of these bounds under {@code tokenCache}; they are checked even when it is disabled. */
    static void check(long maxEntries, Duration maxTtl, Problems problems) {
        if (maxEntries < 1 || maxTtl.isZero() || maxTtl.isNegative()) {
            problems.add("tokenCache", "maxEntries and maxTtl must be positive (use enabled: false to switch it off)");
        }
    }
}
