package org.jwtverifier.revocation;

import org.ehcache.Cache;
import org.ehcache.PersistentCacheManager;
import org.ehcache.clustered.client.config.builders.ClusteredResourcePoolBuilder;
import org.ehcache.clustered.client.config.builders.ClusteredStoreConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.clustered.common.Consistency;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.event.EventType;
import org.jwtverifier.config.ClusterConfig;

/**
 * One connection to the Terracotta server: a clustered cache manager and its one cache of revocations (text keys
 * and values, {@link Revocation.Key#encode()} and {@link Revocation#encode()}, so nothing is Java-deserialised
 * from the network).
 *
 * <p>The cache has no local tier: every read is answered by the server, so a replica never reads an entry another
 * replica has replaced. Its consistency is {@link Consistency#STRONG}: a write returns once the server holds it
 * and every other client has dropped what it held of the key, so a change a writer publishes after its entries
 * is never seen before them. Server-side entities are created when missing, also on reconnecting to a server that
 * restarted without them ({@code autoCreateOnReconnect}); Ehcache reconnects by itself after a connection loss
 * (EhcacheClusteredContractIT).
 */
final class ClusterConnection implements AutoCloseable {
    /** The name of the one cache, inside the cluster tier manager that the URI names. */
    static final String CACHE = "revocations";

    private final PersistentCacheManager manager;
    private final Cache<String, String> cache;

    private ClusterConnection(PersistentCacheManager manager, Cache<String, String> cache) {
        this.manager = manager;
        this.cache = cache;
    }

    /**
     * Connects (within {@link ClusterConfig#connectTimeout()}) and creates or opens the cache.
     *
     * @param onWrite run (on an Ehcache thread) after any client's write of the cache, this one's included; it
     *                must only hand work off
     * @throws RuntimeException when the server cannot be reached or refuses the cache
     */
    static ClusterConnection open(ClusterConfig config, Runnable onWrite) {
        PersistentCacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .with(ClusteringServiceConfigurationBuilder.cluster(config.uri())
                        .timeouts(TimeoutsBuilder.timeouts()
                                .connection(config.connectTimeout())
                                .read(config.readTimeout())
                                .write(config.writeTimeout()))
                        .autoCreateOnReconnect(server -> server.defaultServerResource(config.offheapResource())))
                .build(false);
        try {
            manager.init();
            Cache<String, String> cache = manager.createCache(CACHE, CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(String.class, String.class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                            .with(ClusteredResourcePoolBuilder.clusteredDedicated(config.offheapResource(),
                                    config.cacheSizeMb(), MemoryUnit.MB)))
                    .withService(ClusteredStoreConfigurationBuilder.withConsistency(Consistency.STRONG))
                    .withResilienceStrategy(new FailingResilienceStrategy<>())
                    .withService(CacheEventListenerConfigurationBuilder.newEventListenerConfiguration(
                            event -> onWrite.run(), EventType.CREATED, EventType.UPDATED, EventType.REMOVED)
                            .unordered().asynchronous()));
            return new ClusterConnection(manager, cache);
        } catch (RuntimeException e) {
            closeQuietly(manager);
            throw e;
        }
    }

    /** @return the cache; its operations throw {@link ClusterAccessException} when the server does not answer */
    Cache<String, String> cache() {
        return cache;
    }

    /**
     * Closes the connection, waiting at most {@code bound}. Ehcache's close waits for the server to take the
     * release of its entities, without a timeout: while the server is unreachable it would never return. So it
     * runs on a thread of its own, which is left to finish (it ends once the server answers, or with the JVM).
     *
     * <p>Then it waits, within the same bound, for the threads of the Terracotta client to end: its lease thread
     * ({@code LeaseExpiryConnectionKillingThread}) is only told to stop, and notices within 200 ms; a container
     * that looks for the application's threads right after an undeploy would otherwise find it
     * (ClusteredRedeployLeakIT).
     *
     * @return whether it finished within {@code bound}
     */
    boolean close(java.time.Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Thread closer = new Thread(() -> closeQuietly(manager), "jwt-verifier-revocations-cluster-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(bound.toMillis());
            if (closer.isAlive()) {
                return false;
            }
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                // Only threads of the client's own classes, loaded with this class (the application's loader).
                if (t.getClass().getName().startsWith("org.terracotta.")
                        && t.getClass().getClassLoader() == ClusterConnection.class.getClassLoader()) {
                    t.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !closer.isAlive();
    }

    @Override
    public void close() {
        closeQuietly(manager);
    }

    private static void closeQuietly(PersistentCacheManager manager) {
        try {
            manager.close();
        } catch (RuntimeException ignored) {
            // closing a connection to a server that is gone fails; nothing of ours is left open by it
        }
    }
}
