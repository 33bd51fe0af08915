package org.jwtverifier.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.jwtverifier.json.Jackson;

/**
 * The last good JWKS document of each issuer, in an Ehcache cache whose disk tier survives redeploys and
 * restarts. Entries are JSON text (fetch time and document), so nothing is ever Java-deserialised from disk.
 * A corrupt or unreadable entry is logged and treated as absent: it can cost a fetch, never a deployment.
 */
public final class PersistedKeySets implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PersistedKeySets.class.getName());
    private static final ObjectMapper JSON = Jackson.json();
    private static final int HEAP_ENTRIES = 256;

    /** A persisted document and when it was fetched. Keys name the issuer and the source. */
    public record Entry(String document, Instant fetchedAt) {
    }

    private static final String CACHE = "jwks";

    private final CacheManager cacheManager;
    private final Cache<String, String> cache;
    private final Path directory;

    private PersistedKeySets(CacheManager cacheManager, Path directory) {
        this.cacheManager = cacheManager;
        this.cache = cacheManager.getCache(CACHE, String.class, String.class);
        this.directory = directory;
    }

    /**
     * Opens the store with a persistent disk tier in {@code directory}. When the directory cannot be used (not
     * writable, locked by another deployment, corrupt), logs why and keeps key sets in memory only.
     *
     * @param directory where to persist, or null for memory only
     */
    public static PersistedKeySets open(Path directory) {
        if (directory != null) {
            try {
                Files.createDirectories(directory);
                CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                        .with(CacheManagerBuilder.persistence(directory.toFile()))
                        .withClassLoader(PersistedKeySets.class.getClassLoader())
                        .withCache(CACHE, configuration(ResourcePoolsBuilder.newResourcePoolsBuilder()
                                .heap(HEAP_ENTRIES, EntryUnit.ENTRIES).disk(16, MemoryUnit.MB, true)))
                        .build(true);
                return new PersistedKeySets(manager, directory);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot persist keys in {0} ({1}); keeping them in memory only",
                        new Object[]{directory, e.toString()});
            }
        }
        CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withClassLoader(PersistedKeySets.class.getClassLoader())
                .withCache(CACHE, configuration(ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .heap(HEAP_ENTRIES, EntryUnit.ENTRIES)))
                .build(true);
        return new PersistedKeySets(manager, null);
    }

    private static CacheConfigurationBuilder<String, String> configuration(ResourcePoolsBuilder pools) {
        // No Ehcache expiry: the last good set must outlive its TTL (outage tolerance); freshness is decided by
        // IssuerKeyStore from the fetch time kept in the entry.
        return CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class, pools)
                .withExpiry(ExpiryPolicyBuilder.noExpiration());
    }

    /** @return the persistence directory, or null when key sets are kept in memory only */
    public Path directory() {
        return directory;
    }

    /** Closes the cache manager; the disk tier is only reusable after a clean close. */
    @Override
    public void close() {
        try {
            cacheManager.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing the key cache failed", e);
        }
        if (directory != null) {
            stopDiskTierFlushThread();
        }
    }

    /**
     * Ehcache's disk tier (its shaded Terracotta offheap-store) forces freed pages to disk on a single-thread executor
     * held in a static field of {@code MappedPageSource} ("MappedByteBufferSource Async Flush Thread"), which nothing
     * ever stops: the thread, started by the first freed page, outlives an undeploy and keeps this web application's
     * class loader (Tomcat's {@code findleaks} reports it). Once the cache manager is closed nothing uses it any more:
     * let it finish what is queued, then stop it. The class belongs to this web application, so this touches nothing
     * shared with other applications.
     */
    private static void stopDiskTierFlushThread() {
        try {
            Class<?> pageSource = Class.forName(
                    "org.ehcache.shadow.org.terracotta.offheapstore.disk.paging.MappedPageSource", false,
                    PersistedKeySets.class.getClassLoader());
            Field retryerField = pageSource.getDeclaredField("ASYNC_FLUSH_EXECUTOR");
            retryerField.setAccessible(true);
            Object retryer = retryerField.get(null);
            Field executorField = retryer.getClass().getDeclaredField("executor");
            executorField.setAccessible(true);
            ExecutorService executor = (ExecutorService) executorField.get(retryer);
            executor.shutdown();
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Cannot stop Ehcache's disk flush thread; it may keep this web application in memory"
                    + " after an undeploy: {0}", e.toString());
        }
    }

    public Optional<Entry> get(String key) {
        try {
            String stored = cache.get(key);
            if (stored == null) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(stored);
            String document = node.path("document").asText(null);
            long fetchedAt = node.path("fetchedAt").asLong(-1);
            if (document == null || fetchedAt < 0) {
                throw new IllegalStateException("entry lacks document or fetchedAt");
            }
            return Optional.of(new Entry(document, Instant.ofEpochMilli(fetchedAt)));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Ignoring unreadable persisted key set {0}: {1}",
                    new Object[]{key.replace('\n', ' '), e.toString()});
            remove(key);
            return Optional.empty();
        }
    }

    public void put(String key, KeySet keySet) {
        if (keySet.document() == null) {
            return;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("fetchedAt", keySet.fetchedAt().toEpochMilli());
        node.put("document", keySet.document());
        try {
            cache.put(key, Jackson.write(JSON, node));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot persist key set {0}: {1}", new Object[]{key.replace('\n', ' '), e.toString()});
        }
    }

    public void remove(String key) {
        try {
            cache.remove(key);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot remove persisted key set", e);
        }
    }
}
