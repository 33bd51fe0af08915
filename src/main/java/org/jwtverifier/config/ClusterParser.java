package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code cluster} section. */
final class ClusterParser {
    private static final Set<String> KEYS = Set.of("uri", "offheapResource", "cacheSizeMb", "connectTimeout",
            "readTimeout", "writeTimeout", "pollInterval");

    private ClusterParser() {
    }

    /** @return the section's settings; empty when it is absent or has problems */
    static Optional<ClusterConfig> parse(JsonNode node, Problems problems) {
        if (!isSection(node, "cluster", KEYS, problems)) {
            return Optional.empty();
        }
        int before = problems.count();
        Optional<URI> uri = text(node, "uri", "cluster", problems).flatMap(t -> {
            try {
                return Optional.of(new URI(t));
            } catch (URISyntaxException e) {
                problems.add("cluster.uri", "not a URI: " + e.getReason());
                return Optional.empty();
            }
        });
        if (node.get("uri") == null || node.get("uri").isNull()) {
            problems.add("cluster.uri", "is required (terracotta://host:port/name)");
        }
        String resource = text(node, "offheapResource", "cluster", problems).orElse(ClusterConfig.DEFAULT_OFFHEAP_RESOURCE);
        int size = integer(node, "cacheSizeMb", "cluster", problems).orElse(ClusterConfig.DEFAULT_CACHE_SIZE_MB);
        Duration connect = duration(node, "connectTimeout", "cluster", problems).orElse(ClusterConfig.DEFAULT_CONNECT_TIMEOUT);
        Duration read = duration(node, "readTimeout", "cluster", problems).orElse(ClusterConfig.DEFAULT_READ_TIMEOUT);
        Duration write = duration(node, "writeTimeout", "cluster", problems).orElse(ClusterConfig.DEFAULT_WRITE_TIMEOUT);
        Duration poll = duration(node, "pollInterval", "cluster", problems).orElse(ClusterConfig.DEFAULT_POLL_INTERVAL);
        if (uri.isEmpty() || problems.count() > before) {
            return Optional.empty();
        }
        ClusterConfig.check(uri.get(), resource, size, connect, read, write, poll, problems);
        return problems.count() > before ? Optional.empty()
                : Optional.of(new ClusterConfig(uri.get(), resource, size, connect, read, write, poll));
    }
}
