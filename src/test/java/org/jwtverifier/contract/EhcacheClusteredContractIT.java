package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jwtverifier.revocation.ClusterAccessException;
import org.jwtverifier.revocation.FailingResilienceStrategy;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.TerracottaServer;

/**
 * What the clustered revocation store relies on from Ehcache's clustered client (the project's Ehcache version)
 * and the Terracotta server kit of the same version, on a real server on 127.0.0.1: two clients share one
 * clustered cache (strong consistency, iteration); a client's listeners hear the other client's writes; while
 * the server is gone, with {@link FailingResilienceStrategy}, writes and iteration fail within their timeouts
 * (Ehcache's default strategy would drop a write silently) but a read still answers a miss; the client reconnects
 * by itself when a server is back (one cache manager of a JVM, not two), a new cache manager connects, and a
 * restarted open-source server holds none of what it held. The methods run in order on one server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EhcacheClusteredContractIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static TerracottaServer server;
    private static PersistentCacheManager managerA;
    private static PersistentCacheManager managerB;
    private static Cache<String, String> a;
    private static Cache<String, String> b;
    private static final List<String> eventsOnB = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServerAndTwoClients() {
        server = TerracottaServer.create("ehcache-clustered-contract");
        server.start();
        managerA = manager(server.uri("contract"));
        managerB = manager(server.uri("contract"));
        a = cache(managerA, false);
        b = cache(managerB, true);
    }

    @AfterAll
    static void stopAll() {
        for (PersistentCacheManager m : new PersistentCacheManager[]{managerA, managerB}) {
            if (m != null) {
                try {
                    m.close();
                } catch (RuntimeException ignored) {
                    // the server may be gone already
                }
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void writeOfOneClientIsReadAndIteratedByTheOther() {
        a.put("k1", "v1");
        a.put("k2", "v2");
        assertEquals("v1", b.get("k1"));
        Map<String, String> seen = new HashMap<>();
        b.forEach(e -> seen.put(e.getKey(), e.getValue()));
        assertEquals(Map.of("k1", "v1", "k2", "v2"), seen);
        a.put("k1", "v1b");
        assertEquals("v1b", b.get("k1"), "strong consistency: a replaced value is never read stale");
    }

    @Test
    @Order(2)
    void listenersOfOneClientHearTheOthersWrites() {
        a.put("remote", "y");
        a.put("k2", "v2b");
        a.remove("k1");
        Await.until(Duration.ofSeconds(5), () -> eventsOnB.containsAll(List.of("CREATED remote", "UPDATED k2",
                "REMOVED k1")), () -> "events on B: " + eventsOnB);
    }

    @Test
    @Order(3)
    void whileTheServerIsGoneReadsAnswerAMissAndWritesAndIterationFailWithinTheirTimeouts() {
        server.stop();
        long start = System.nanoTime();
        // A read that times out is a miss, not a failure: ClusteredStore.get returns null on TimeoutException
        // without asking the resilience strategy.
        assertNull(b.get("k2"));
        assertThrows(ClusterAccessException.class, () -> a.put("during", "outage"));
        assertThrows(ClusterAccessException.class, () -> b.putIfAbsent("k2", "other"));
        assertThrows(RuntimeException.class, () -> b.forEach(e -> { }));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 20_000, "four operations took " + took + " ms");
    }

    /**
     * One cache manager per JVM reconnects by itself. Of two in one JVM on the same cluster tier manager, only one
     * does: the other fails every operation with "Cluster tier manager disconnected" from then on (which one is a
     * race). A new cache manager always connects; the clustered store opens one when its own gives up.
     */
    @Test
    @Order(4)
    void aClientReconnectsByItselfToARestartedServerThatHoldsNothingAndANewOneConnects() {
        server.start();
        Duration took = Await.until(Duration.ofSeconds(60), () -> writes(a) || writes(b),
                () -> "no client reconnected");
        Cache<String, String> reconnected = writes(a) ? a : b;
        assertNull(reconnected.get("k2"), "the restarted server still held an entry");
        System.out.println("reconnected after " + took.toMillis() + " ms");

        PersistentCacheManager fresh = manager(server.uri("contract"));
        try {
            Cache<String, String> c = cache(fresh, false, "contract");
            c.put("fresh", "yes");
            assertEquals("yes", reconnected.get("fresh"));
        } finally {
            fresh.close();
        }
    }

    private static boolean writes(Cache<String, String> cache) {
        try {
            cache.put("probe", "x");
            return true;
        } catch (ClusterAccessException failing) {
            return false;
        }
    }

    private static PersistentCacheManager manager(URI uri) {
        return CacheManagerBuilder.newCacheManagerBuilder()
                .with(ClusteringServiceConfigurationBuilder.cluster(uri)
                        .timeouts(TimeoutsBuilder.timeouts().read(TIMEOUT).write(TIMEOUT).connection(Duration.ofSeconds(10)))
                        .autoCreateOnReconnect(s -> s.defaultServerResource("main")))
                .build(true);
    }

    private static Cache<String, String> cache(PersistentCacheManager manager, boolean listening) {
        return cache(manager, listening, "contract");
    }

    private static Cache<String, String> cache(PersistentCacheManager manager, boolean listening, String name) {
        CacheConfigurationBuilder<String, String> config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, String.class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .with(ClusteredResourcePoolBuilder.clusteredDedicated("main", 4, MemoryUnit.MB)))
                .withService(ClusteredStoreConfigurationBuilder.withConsistency(Consistency.STRONG))
                .withResilienceStrategy(new FailingResilienceStrategy<>());
        if (listening) {
            config = config.withService(CacheEventListenerConfigurationBuilder.newEventListenerConfiguration(
                    event -> eventsOnB.add(event.getType() + " " + event.getKey()),
                    EventType.CREATED, EventType.UPDATED, EventType.REMOVED, EventType.EXPIRED, EventType.EVICTED));
        }
        return manager.createCache(name, config);
    }
}
