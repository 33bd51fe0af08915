package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.isSection;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** Reads the {@code tokenCache} section. */
final class TokenCacheParser {
    private static final Set<String> KEYS = Set.of("enabled", "maxEntries", "maxTtl");

    private TokenCacheParser() {
    }

    /** @return the section's settings, or the defaults when it is absent or has problems */
    static TokenCacheConfig parse(JsonNode node, Problems problems) {
        if (!isSection(node, "tokenCache", KEYS, problems)) {
            return TokenCacheConfig.DEFAULTS;
        }
        boolean enabled = bool(node, "enabled", "tokenCache", problems).orElse(TokenCacheConfig.DEFAULT_ENABLED);
        long maxEntries = integer(node, "maxEntries", "tokenCache", problems).orElse(TokenCacheConfig.DEFAULT_MAX_ENTRIES);
        Duration maxTtl = duration(node, "maxTtl", "tokenCache", problems).orElse(TokenCacheConfig.DEFAULT_MAX_TTL);
        int before = problems.count();
        TokenCacheConfig.check(maxEntries, maxTtl, problems);
        return problems.count() > before ? TokenCacheConfig.DEFAULTS
                : new TokenCacheConfig(enabled, maxEntries, maxTtl);
    }
}
