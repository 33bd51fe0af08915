package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.core.spi.time.TimeSource;
import org.ehcache.expiry.ExpiryPolicy;
import org.ehcache.impl.internal.TimeSourceConfiguration;
import org.junit.jupiter.api.Test;

/**
 * What {@code LocalRevocationStore} relies on to stay bounded: an {@link ExpiryPolicy} that gives each entry its
 * own time to live at creation (the revocation's {@code expiresAt} minus now) makes Ehcache drop that entry, and
 * only it, once the time has passed; an expired entry is neither read nor iterated; {@code null} from
 * {@code getExpiryForAccess} leaves the expiry as it was; a zero duration means the entry is never stored. If an
 * upgrade changes any of it, the store's entries stop ending by themselves, and this test says so.
 */
class EhcachePerEntryExpiryContractTest {

    /** Lives as many milliseconds as its value says. */
    private static final class ValueSaysHowLong implements ExpiryPolicy<String, Long> {
        @Override
        public Duration getExpiryForCreation(String key, Long value) {
            return Duration.ofMillis(value);
        }

        @Override
        public Duration getExpiryForAccess(String key, Supplier<? extends Long> value) {
            return null;
        }

        @Override
        public Duration getExpiryForUpdate(String key, Supplier<? extends Long> oldValue, Long newValue) {
            return Duration.ofMillis(newValue);
        }
    }

    @Test
    void eachEntryExpiresAtItsOwnTimeAndIsThenNeitherReadNorIterated() {
        AtomicLong now = new AtomicLong(1_000_000);
        TimeSource time = now::get;
        try (CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .using(new TimeSourceConfiguration(time))
                .withCache("c", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, Long.class,
                        ResourcePoolsBuilder.newResourcePoolsBuilder().heap(10, EntryUnit.ENTRIES))
                        .withExpiry(new ValueSaysHowLong()))
                .build(true)) {
            Cache<String, Long> cache = manager.getCache("c", String.class, Long.class);
            cache.put("short", 1_000L);
            cache.put("long", 60_000L);
            cache.put("none", 0L);
            assertNull(cache.get("none"), "a zero time to live: never stored");
            now.addAndGet(999);
            assertEquals(1_000L, cache.get("short"), "read before its end (and a read does not extend it)");
            now.addAndGet(1);
            assertNull(cache.get("short"), "gone at its end");
            assertEquals(List.of("long"), keys(cache));
            now.addAndGet(59_000);
            assertEquals(List.of(), keys(cache));
        }
    }

    private static List<String> keys(Cache<String, Long> cache) {
        List<String> keys = new ArrayList<>();
        cache.forEach(e -> keys.add(e.getKey()));
        return keys;
    }
}
