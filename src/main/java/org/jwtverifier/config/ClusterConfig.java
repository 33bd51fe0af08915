package org.jwtverifier.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code cluster} section: revocations shared by every replica through Ehcache's clustered tier on a
 * Terracotta server. Without it each replica keeps its revocations on its own disk.
 *
 * @param uri            the server and the cluster tier manager (the entity every replica names alike), as
 *                       {@code terracotta://host:port/name}
 * @param offheapResource the server's offheap resource (its {@code offheap-resources} setting) the revocations
 *                       are kept in
 * @param cacheSizeMb    the share of that resource reserved for the revocations, in MiB
 * @param connectTimeout how long connecting to the server may take before the replica carries on without it
 * @param readTimeout    how long one read of the server may take
 * @param writeTimeout   how long one write to the server may take
 * @param pollInterval   how often a replica asks the server whether the revocations changed; a revocation made on
 *                       one replica is enforced by the others within about this long
 */
public record ClusterConfig(URI uri, String offheapResource, int cacheSizeMb, Duration connectTimeout,
                            Duration readTimeout, Duration writeTimeout, Duration pollInterval) {
    /** {@code cluster.offheapResource}: the name the kit's server configuration gives its offheap resource. */
    public static final String DEFAULT_OFFHEAP_RESOURCE = "main";
    /**
     * {@code cluster.cacheSizeMb}: room for {@code revocation.maxEntries}' default of 100,000 with a margin (measured:
     * 64 MiB held 98,641 of 100,000 token revocations, 128 MiB all; see docs/scale-out.md).
     */
    public static final int DEFAULT_CACHE_SIZE_MB = 128;
    /** {@code cluster.connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** {@code cluster.readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);
    /** {@code cluster.writeTimeout}. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** {@code cluster.pollInterval}: well inside the one second a revocation may take to reach every replica. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    /** The shortest {@code cluster.pollInterval}: each poll is a round trip to the server. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(50);
    /** The longest timeout: a replica must notice an unreachable server soon enough to say so. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    /** The URI scheme of a Terracotta server. */
    public static final String SCHEME = "terracotta";

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public ClusterConfig {
        Problems.requireNonNull("uri", uri, "offheapResource", offheapResource, "connectTimeout", connectTimeout,
                "readTimeout", readTimeout, "writeTimeout", writeTimeout, "pollInterval", pollInterval);
        Problems.requireNone(p -> check(uri, offheapResource, cacheSizeMb, connectTimeout, readTimeout, writeTimeout,
                pollInterval, p));
    }

    /** @return the server's address and port, for operators' messages */
    public String server() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Records the problems of these settings under {@code cluster}. */
    static void check(URI uri, String offheapResource, int cacheSizeMb, Duration connectTimeout, Duration readTimeout,
                      Duration writeTimeout, Duration pollInterval, Problems problems) {
        if (!SCHEME.equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getPort() < 1 || uri.getPath() == null
                || !uri.getPath().matches("/[A-Za-z0-9._-]+") || uri.getQuery() != null || uri.getFragment() != null
                || uri.getUserInfo() != null) {
            problems.add("cluster.uri", "must be terracotta://host:port/name (the name: letters, digits, '.', '_', '-')");
        }
        if (offheapResource.isEmpty()) {
            problems.add("cluster.offheapResource", "must not be empty");
        }
        if (cacheSizeMb < 1) {
            problems.add("cluster.cacheSizeMb", "must be positive");
        }
        for (var timeout : new Object[][]{{"connectTimeout", connectTimeout}, {"readTimeout", readTimeout},
                {"writeTimeout", writeTimeout}}) {
            Duration d = (Duration) timeout[1];
            if (d.isZero() || d.isNegative() || d.compareTo(MAX_TIMEOUT) > 0) {
                problems.add("cluster." + timeout[0], "must be positive and at most " + Durations.format(MAX_TIMEOUT));
            }
        }
        if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(MAX_TIMEOUT) > 0) {
            problems.add("cluster.pollInterval", "must be between " + Durations.format(MIN_POLL_INTERVAL) + " and "
                    + Durations.format(MAX_TIMEOUT));
        }
    }
}
