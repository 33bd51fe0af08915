package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.dotted;

import java.time.Duration;

/**
 * How an issuer's key set is kept.
 *
 * @param ttl                 a key set older than this is refreshed
 * @param refreshAhead        background refresh starts this long before {@code ttl} runs out
 * @param minRefreshInterval  forced refreshes (unknown {@code kid}) happen at most once per this interval
 * @param unknownKidWait      a request with an unknown {@code kid} waits at most this long for a forced refresh
 * @param maxStale            while the IdP fails, the last good key set is used until it is this old
 */
public record KeyCacheSettings(Duration ttl, Duration refreshAhead, Duration minRefreshInterval,
                               Duration unknownKidWait, Duration maxStale) {
    /** {@code keyCacheTtl}. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** {@code refreshAhead}. */
    public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(30);
    /** {@code minRefreshInterval}. */
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** {@code unknownKidWait}. */
    public static final Duration DEFAULT_UNKNOWN_KID_WAIT = Duration.ofSeconds(1);
    /** {@code maxStale}: six hours cover a bad night (the trade-off is in docs/configuration.md). */
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(6);
    /** The shortest {@code keyCacheTtl}: a shorter one would refresh on every tick of the key store. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** The longest {@code unknownKidWait}: requests wait this long. */
    public static final Duration MAX_UNKNOWN_KID_WAIT = Duration.ofSeconds(10);
    /** Every setting at its default. */
    public static final KeyCacheSettings DEFAULTS = new KeyCacheSettings(DEFAULT_TTL, DEFAULT_REFRESH_AHEAD,
            DEFAULT_MIN_REFRESH_INTERVAL, DEFAULT_UNKNOWN_KID_WAIT, DEFAULT_MAX_STALE);

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public KeyCacheSettings {
        Problems.requireNonNull("ttl", ttl, "refreshAhead", refreshAhead, "minRefreshInterval", minRefreshInterval,
                "unknownKidWait", unknownKidWait, "maxStale", maxStale);
        Problems.requireNone(p -> check(ttl, refreshAhead, minRefreshInterval, unknownKidWait, maxStale, "", p));
    }

    /** Records each problem of these values under its configuration key below {@code at}. */
    static void check(Duration ttl, Duration refreshAhead, Duration minRefreshInterval, Duration unknownKidWait,
                      Duration maxStale, String at, Problems problems) {
        problems.notNegative(dotted(at, "refreshAhead"), refreshAhead);
        problems.notNegative(dotted(at, "minRefreshInterval"), minRefreshInterval);
        problems.notNegative(dotted(at, "unknownKidWait"), unknownKidWait);
        if (ttl.compareTo(MIN_TTL) < 0) {
            problems.add(dotted(at, "keyCacheTtl"), "must be at least " + Durations.format(MIN_TTL));
        }
        if (refreshAhead.compareTo(ttl) >= 0) {
            problems.add(dotted(at, "refreshAhead"), "must be shorter than keyCacheTtl");
        }
        if (maxStale.compareTo(ttl) < 0) {
            problems.add(dotted(at, "maxStale"), "must not be shorter than keyCacheTtl");
        }
        if (unknownKidWait.compareTo(MAX_UNKNOWN_KID_WAIT) > 0) {
            problems.add(dotted(at, "unknownKidWait"),
                    "must not exceed " + Durations.format(MAX_UNKNOWN_KID_WAIT) + ": requests wait this long");
        }
    }
}
