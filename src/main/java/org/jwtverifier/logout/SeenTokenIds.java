package org.jwtverifier.logout;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code jti}s of logout tokens accepted, per issuer, each remembered until a copy of its token would be
 * refused as too old anyway (Back-Channel Logout 1.0 §2.6 step 8: "the same jti value ... not recently
 * received"). Bounded twice: by time (entries past their end are dropped) and by count (beyond {@code max}
 * entries in force, new tokens are refused rather than old entries forgotten, which would let a replay through).
 */
final class SeenTokenIds {
    private record Key(String issuer, String jti) {
    }

    private final Map<Key, Instant> seen = new HashMap<>();
    private final int max;
    private final Clock clock;

    SeenTokenIds(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    enum Outcome { FIRST, REPLAYED, FULL }

    /** Records the {@code jti} unless it was seen (and is still remembered) or the set is full. */
    synchronized Outcome record(String issuer, String jti, Instant rememberUntil) {
        Instant now = clock.instant();
        Key key = new Key(issuer, jti);
        Instant until = seen.get(key);
        if (until != null && now.isBefore(until)) {
            return Outcome.REPLAYED;
        }
        if (seen.size() >= max) {
            seen.values().removeIf(end -> !now.isBefore(end));
            if (seen.size() >= max) {
                return Outcome.FULL;
            }
        }
        seen.put(key, rememberUntil);
        return Outcome.FIRST;
    }

    /** Forgets a {@code jti} whose logout failed after it was recorded, so the provider's retry is not a replay. */
    synchronized void forget(String issuer, String jti) {
        seen.remove(new Key(issuer, jti));
    }
}
