package org.jwtverifier.config;

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
}
