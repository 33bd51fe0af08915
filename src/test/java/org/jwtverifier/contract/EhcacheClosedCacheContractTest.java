package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.Status;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What an Ehcache cache does once its manager is closed: every use throws {@link IllegalStateException}
 * ("State is UNINITIALIZED"). This is what a request met when a configuration reload closed the token cache under
 * it, and why {@code VerifierRuntime} closes an assembly only after its users are gone, and only once. If an upgrade makes a
 * closed cache quietly answer (a miss, a no-op), the failure mode changes, and this test says so.
 */
class EhcacheClosedCacheContractTest {
    private CacheManager manager;
    private Cache<String, String> cache;

    @BeforeEach
    void openCache() {
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("c", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class,
                        ResourcePoolsBuilder.newResourcePoolsBuilder().heap(10, EntryUnit.ENTRIES)))
                .build(true);
        cache = manager.getCache("c", String.class, String.class);
        cache.put("k", "v");
    }

    @AfterEach
    void closeManager() {
        if (manager.getStatus() == Status.AVAILABLE) {
            manager.close();
        }
    }

    @Test
    void getWhenManagerClosedThenThrowsIllegalStateUninitialized() {
        assertEquals("v", cache.get("k"), "an open cache answers");
        manager.close();
        assertUninitialized(() -> cache.get("k"));
    }

    @Test
    void putWhenManagerClosedThenThrowsIllegalStateUninitialized() {
        manager.close();
        assertUninitialized(() -> cache.put("k2", "v2"));
    }

    @Test
    void removeWhenManagerClosedThenThrowsIllegalStateUninitialized() {
        manager.close();
        assertUninitialized(() -> cache.remove("k"));
    }

    @Test
    void iterateWhenManagerClosedThenThrowsIllegalStateUninitialized() {
        manager.close();
        assertUninitialized(() -> cache.iterator());
    }

    /** Closing twice throws too: an assembly must be closed exactly once, by whoever retires it. */
    @Test
    void closeWhenManagerAlreadyClosedThenThrowsIllegalState() {
        manager.close();
        assertEquals(Status.UNINITIALIZED, manager.getStatus());
        IllegalStateException e = assertThrows(IllegalStateException.class, manager::close);
        assertTrue(String.valueOf(e.getMessage()).contains("UNINITIALIZED"), e::toString);
    }

    private static void assertUninitialized(Executable use) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use);
        assertTrue(String.valueOf(e.getMessage()).contains("State is UNINITIALIZED"), e::toString);
    }
}
