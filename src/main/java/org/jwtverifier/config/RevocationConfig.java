package org.jwtverifier.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Revocations: how many may be held, how long a subject or session revocation is kept, where they are persisted,
 * and which issuers may revoke sessions through OpenID Connect Back-Channel Logout.
 *
 * <p>{@code maxEntries} and {@code directory} take effect at start (the store outlives configuration reloads);
 * the rest with every reload.
 *
 * @param maxEntries        bound on the revocations held; a revocation beyond it is refused
 * @param maxTokenLifetime  the longest an access token of any issuer lives ({@code exp - iat}): how long a subject
 *                          or session revocation, and a {@code jti} revocation without an end, is kept (plus the
 *                          issuer's clock skew)
 * @param logoutTokenMaxAge how old ({@code iat}) a logout token may be; replayed {@code jti}s are remembered this
 *                          long (plus skew)
 * @param directory         where revocations are persisted; empty means the container's work directory
 * @param backchannelLogout the issuers whose logout tokens are accepted, by issuer
 */
public record RevocationConfig(long maxEntries, Duration maxTokenLifetime, Duration logoutTokenMaxAge,
                               Optional<Path> directory, Map<String, BackchannelLogoutConfig> backchannelLogout) {
    /** {@code revocation.maxEntries}. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** The largest {@code revocation.maxEntries}. */
    public static final int MAX_MAX_ENTRIES = 10_000_000;
    /** {@code revocation.maxTokenLifetime}. */
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);
    /** {@code revocation.logoutTokenMaxAge}. */
    public static final Duration DEFAULT_LOGOUT_TOKEN_MAX_AGE = Duration.ofMinutes(5);
    /** The revocation settings when the file has no {@code revocation} section. */
    public static final RevocationConfig DEFAULTS = new RevocationConfig(DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_TOKEN_LIFETIME, DEFAULT_LOGOUT_TOKEN_MAX_AGE, Optional.empty(), Map.of());

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public RevocationConfig {
        Problems.requireNonNull("maxTokenLifetime", maxTokenLifetime, "logoutTokenMaxAge", logoutTokenMaxAge,
                "directory", directory, "backchannelLogout", backchannelLogout);
        backchannelLogout = Collections.unmodifiableMap(new LinkedHashMap<>(backchannelLogout));
        Problems.requireNone(p -> check(maxEntries, maxTokenLifetime, logoutTokenMaxAge, p));
    }

    /** @return the back-channel logout settings of this issuer, when its logout tokens are accepted */
    public Optional<BackchannelLogoutConfig> backchannelLogoutOf(String issuer) {
        return Optional.ofNullable(backchannelLogout.get(issuer)).filter(BackchannelLogoutConfig::enabled);
    }

    static void check(long maxEntries, Duration maxTokenLifetime, Duration logoutTokenMaxAge, Problems problems) {
        if (maxEntries < 1 || maxEntries > MAX_MAX_ENTRIES) {
            problems.add("revocation.maxEntries", "must be between 1 and " + MAX_MAX_ENTRIES);
        }
        if (maxTokenLifetime.isZero() || maxTokenLifetime.isNegative()) {
            problems.add("revocation.maxTokenLifetime", "must be positive");
        }
        if (logoutTokenMaxAge.isZero() || logoutTokenMaxAge.isNegative()) {
            problems.add("revocation.logoutTokenMaxAge", "must be positive");
        }
    }

    /**
     * OpenID Connect Back-Channel Logout 1.0 for one issuer.
     *
     * @param issuer   a configured issuer: its keys and algorithm allow-list verify the logout token
     * @param clientId what the logout token's {@code aud} must contain (§2.6 step 4: this relying party's client id)
     * @param enabled  whether logout tokens of this issuer are accepted
     */
    public record BackchannelLogoutConfig(String issuer, String clientId, boolean enabled) {
        /** {@code revocation.backchannelLogout[].enabled}. */
        public static final boolean DEFAULT_ENABLED = true;

        public BackchannelLogoutConfig {
            Problems.requireNonNull("issuer", issuer, "clientId", clientId);
            if (issuer.isEmpty() || clientId.isEmpty()) {
                throw new IllegalArgumentException("issuer and clientId must not be empty");
            }
        }
    }
}
