package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The bounds of one HTTP call to an IdP, as a section of the file states them: {@code connectTimeout},
 * {@code readTimeout} and the largest answer. Key fetches and introspection read them alike; each keeps its own
 * defaults, its own name for the size key and its own checks.
 *
 * @param connectTimeout   TCP connect bound
 * @param readTimeout      bound on the whole answer
 * @param maxResponseBytes a larger answer is refused
 */
record HttpLimits(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {

    /**
     * Reads the three keys below {@code at}, each missing one at its default.
     *
     * @param maxBytesKey the section's name for the size key ({@code maxJwksBytes}, {@code maxResponseBytes})
     */
    static HttpLimits read(JsonNode node, String at, String maxBytesKey, HttpLimits defaults, Problems problems) {
        return new HttpLimits(duration(node, "connectTimeout", at, problems).orElse(defaults.connectTimeout()),
                duration(node, "readTimeout", at, problems).orElse(defaults.readTimeout()),
                integer(node, maxBytesKey, at, problems).orElse(defaults.maxResponseBytes()));
    }
}
