package org.jwtverifier.config;

import java.util.Optional;
import java.util.Set;

/**
 * A route rule: which forwarded requests it matches, and the policy that applies to them.
 *
 * @param name       names the route in logs and counters
 * @param host       exact host ({@code api.example.com}) or one-label wildcard ({@code *.example.com}); empty
 *                   matches any host
 * @param pathPrefix path prefix on segment boundaries: {@code /admin} matches {@code /admin} and
 *                   {@code /admin/x}, not {@code /administrator}
 * @param methods    HTTP methods (upper case); empty matches any
 * @param policy     what the route requires
 */
public record RouteConfig(String name, Optional<String> host, String pathPrefix, Set<String> methods,
                          PolicyConfig policy) {
}
