package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

/**
 * The last good JWKS document of each issuer, in an Ehcache cache whose disk tier survives redeploys and
 * restarts, with a crash-safe snapshot file beside it. Entries are JSON text ({@link KeySetEntry}), so nothing
 * is ever Java-deserialised from disk. A corrupt or unreadable entry is logged and treated as absent: it can cost
 * a fetch, never a deployment.
 *
 * <p>Why two copies: Ehcache only reuses its disk tier after a clean close; after a crash ({@code kill -9}, the
 * OOM killer, a power cut) it deletes its whole directory at the next start. A crash during an IdP outage is
 * exactly when the persisted keys are needed, so every put is also written to {@code snapshots/} (a temporary
 * file, forced to disk, then renamed over the old one, so a snapshot is always either the old or the new
 * document). Ehcache lives in {@code ehcache/} beside it, where its cleanup cannot reach the snapshots. A read
 * takes whichever copy was fetched last.
 */
public final class PersistedKeySets implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PersistedKeySets.class.getName());
    private static final int HEAP_ENTRIES = 256;

    private static final String CACHE = "jwks";

    private final CacheManager cacheManager;
    private final Cache<String, String> cache;
    private final Path directory;
    private final KeySetSnapshots snapshots;

    private PersistedKeySets(CacheManager cacheManager, Path directory, KeySetSnapshots snapshots) {
        this.cacheManager = cacheManager;
        this.cache = cacheManager.getCache(CACHE, String.class, String.class);
        this.directory = directory;
        this.snapshots = snapshots;
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
                        .with(CacheManagerBuilder.persistence(directory.resolve("ehcache").toFile()))
                        .withClassLoader(PersistedKeySets.class.getClassLoader())
                        .withCache(CACHE, configuration(ResourcePoolsBuilder.newResourcePoolsBuilder()
                                .heap(HEAP_ENTRIES, EntryUnit.ENTRIES).disk(16, MemoryUnit.MB, true)))
                        .build(true);
                // Only once Ehcache holds the directory's lock: a second deployment on the same directory falls
                // back to memory below and never writes snapshots under the first one.
                try {
                    return new PersistedKeySets(manager, directory, KeySetSnapshots.open(directory.resolve("snapshots")));
                } catch (IOException | RuntimeException e) {
                    manager.close();
                    throw e;
                }
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
        return new PersistedKeySets(manager, null, null);
    }

    /**
     * Creates {@code directory} with the snapshots of {@code others} in it (for each key the one fetched last), so a
     * store opened there starts with their key sets. Only files are read from {@code others}, never their Ehcache
     * stores, which the deployments using them hold locked; a snapshot is always a whole file (atomic rename), so
     * copying one while its owner writes it is safe. Best effort: what cannot be copied is logged and left out.
     */
    public static void seed(Path directory, List<Path> others) {
        try {
            KeySetSnapshots target = KeySetSnapshots.open(directory.resolve("snapshots"));
            for (Path other : others) {
                Path snapshots = other.resolve("snapshots");
                if (Files.isDirectory(snapshots)) {
                    int copied = target.copyNewerFrom(snapshots);
                    if (copied > 0) {
                        LOG.log(Level.INFO, "Key store {0} starts with {1} key set(s) persisted in {2}",
                                new Object[]{directory, copied, other});
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot seed {0} with persisted key sets: {1}", new Object[]{directory, e.toString()});
        }
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

    /** Closes the cache manager; Ehcache's disk tier is only reusable after a clean close (the snapshots always are). */
    @Override
    public void close() {
        try {
            cacheManager.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing the key cache failed", e);
        }
    }

    /** @return the last persisted document for this key: the later-fetched of the Ehcache copy and the snapshot */
    public Optional<KeySetEntry> get(String key) {
        Optional<KeySetEntry> cached = fromCache(key);
        Optional<KeySetEntry> snapshot = snapshots == null ? Optional.empty() : snapshots.read(key);
        if (snapshot.isPresent()
                && (cached.isEmpty() || snapshot.get().fetchedAt().isAfter(cached.get().fetchedAt()))) {
            if (cached.isEmpty()) {
                LOG.log(Level.INFO, "Key set {0} restored from its snapshot (the Ehcache store lost it, e.g. after an"
                        + " unclean shutdown)", issuerOf(key));
            }
            putInCache(key, snapshot.get().encode(null));
            return snapshot;
        }
        return cached;
    }

    private Optional<KeySetEntry> fromCache(String key) {
        try {
            String stored = cache.get(key);
            return stored == null ? Optional.empty() : Optional.of(KeySetEntry.decode(stored, null));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Ignoring unreadable persisted key set {0}: {1}",
                    new Object[]{issuerOf(key), e.toString()});
            removeFromCache(key);
            return Optional.empty();
        }
    }

    public void put(String key, KeySet keySet) {
        if (keySet.document() == null) {
            return;
        }
        KeySetEntry entry = new KeySetEntry(keySet.document(), keySet.fetchedAt());
        putInCache(key, entry.encode(null));
        if (snapshots != null) {
            snapshots.write(key, entry);
        }
    }

    public void remove(String key) {
        removeFromCache(key);
        if (snapshots != null) {
            snapshots.delete(key);
        }
    }

    private void putInCache(String key, String encoded) {
        try {
            cache.put(key, encoded);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot persist key set {0}: {1}", new Object[]{issuerOf(key), e.toString()});
        }
    }

    private void removeFromCache(String key) {
        try {
            cache.remove(key);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Cannot remove persisted key set", e);
        }
    }

    /**
     * What a log line names of a key: its issuer only. The rest is the source's exact identity, and a URL's query
     * may carry a credential.
     */
    private static String issuerOf(String key) {
        int end = key.indexOf('\n');
        return "of issuer " + (end < 0 ? key : key.substring(0, end));
    }
}
