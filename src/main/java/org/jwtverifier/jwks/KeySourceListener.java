package org.jwtverifier.jwks;

import java.time.Duration;

/** Events of an issuer's key source; counters and logs listen to them. All methods must be cheap and not throw. */
public interface KeySourceListener {

    /** A key set was fetched and parsed. */
    default void fetched(String issuer, int usableKeys, int skippedKeys) {
    }

    /** A fetch failed; the previous key set, if any, is kept. */
    default void fetchFailed(String issuer, String reason) {
    }

    /** A forced refresh was not made because the last one was too recent. */
    default void refreshRateLimited(String issuer) {
    }

    /** A key set older than its TTL was used because no fresh one could be had. */
    default void servedStale(String issuer, Duration age) {
    }

    /** One JWK of the document was skipped; the others are used. */
    default void keySkipped(String issuer, String kid, String reason) {
    }

    KeySourceListener NONE = new KeySourceListener() {
    };
}
