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
}
