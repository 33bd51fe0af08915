package org.jwtverifier.revocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.expiry.ExpiryPolicy;

/**
 * The revocations of this replica: one Ehcache cache whose disk tier survives redeploys and restarts, with a
 * crash-safe journal beside it ({@link RevocationJournal}), the way key sets are kept ({@code PersistedKeySets}):
 * Ehcache reuses its disk tier only after a clean close and deletes it after a crash, and a crash during an
 * incident is exactly when a revocation must not be lost. Ehcache lives in {@code ehcache/}, the journal in
 * {@code journal/}, where Ehcache's cleanup cannot reach it. At open the journal decides, and the Ehcache copy
 * is brought in line with it.
 *
 * <p>Entries are JSON text, so nothing is ever Java-deserialised from disk. Each expires in Ehcache at its
 * {@link Revocation#expiresAt()}, and is dropped from the store's own view on the next change after it; the
 * request path never reads the store (see {@link RevocationIndex}).
 *
 * <p>When the directory cannot be used (not writable, locked by another deployment), the store logs why and keeps
 * revocations in memory only; {@link #state()} says so.
 *
 * <p>Longer than most classes here on purpose: the Ehcache cache, the journal that restores what a crash took from
 * it, the bound and the expiry are written and read under one lock, and their order is what makes a reported
 * change durable.
 */
public final class LocalRevocationStore implements RevocationStore {
    private static final Logger LOG = Logger.getLogger(LocalRevocationStore.class.getName());
    private static final String CACHE = "revocations";
    private static final int HEAP_ENTRIES = 1024;
    /** Disk budget per entry: an encoded revocation with values of {@link #MAX_VALUE_LENGTH} fits several times. */
    private static final long DISK_BYTES_PER_ENTRY = 16 * 1024;
    /** The longest issuer or value accepted: far above any real {@code jti}, {@code sub} or {@code sid}. */
    public static final int MAX_VALUE_LENGTH = 1024;

    private final CacheManager manager;
    private final Cache<String, String> cache;
    private final RevocationJournal journal;
    private final Path directory;
    private final long maxEntries;
    private final Clock clock;
    private final Map<Revocation.Key, Revocation> entries = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private LocalRevocationStore(CacheManager manager, RevocationJournal journal, Path directory,
                                 long maxEntries, Clock clock) {
        this.manager = manager;
        this.cache = manager.getCache(CACHE, String.class, String.class);
        this.journal = journal;
        this.directory = directory;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Opens the store persisted in {@code directory}, or in memory only when it is null or cannot be used.
     *
     * @param maxEntries the most entries held; a put beyond is refused
     */
    public static LocalRevocationStore open(Path directory, long maxEntries, Clock clock) {
        if (directory != null) {
            CacheManager manager = null;
            try {
                Files.createDirectories(directory);
                long diskMb = Math.max(16, maxEntries * DISK_BYTES_PER_ENTRY / (1024 * 1024) + 1);
                manager = CacheManagerBuilder.newCacheManagerBuilder()
                        .with(CacheManagerBuilder.persistence(directory.resolve("ehcache").toFile()))
                        .withClassLoader(LocalRevocationStore.class.getClassLoader())
                        .withCache(CACHE, configuration(ResourcePoolsBuilder.newResourcePoolsBuilder()
                                .heap(HEAP_ENTRIES, EntryUnit.ENTRIES).disk(diskMb, MemoryUnit.MB, true), clock))
                        .build(true);
                // Only once Ehcache holds the directory's lock, so a second deployment on the same directory
                // never appends to the first one's journal.
                Map<Revocation.Key, Revocation> live = new HashMap<>();
                RevocationJournal journal = RevocationJournal.open(directory.resolve("journal"), clock.instant(), live);
                LocalRevocationStore store = new LocalRevocationStore(manager, journal, directory, maxEntries, clock);
                store.restore(live);
                return store;
            } catch (IOException | RuntimeException e) {
                if (manager != null) {
                    manager.close();
                }
                LOG.log(Level.WARNING, "Revocations kept in memory only, lost at restart: cannot persist in {0}: {1}",
                        new Object[]{directory, e.toString()});
            }
        }
        CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withClassLoader(LocalRevocationStore.class.getClassLoader())
                .withCache(CACHE, configuration(ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .heap(maxEntries, EntryUnit.ENTRIES), clock))
                .build(true);
        return new LocalRevocationStore(manager, null, null, maxEntries, clock);
    }

    /**
     * Creates {@code directory} with a copy of the journal of the store in {@code other}, so a store opened there
     * starts with its revocations. The journal is only appended to and renamed over whole, so copying it while its
     * owner writes can at worst miss or tear the last line, which reading skips. Best effort: logged on failure.
     */
    public static void seed(Path directory, Path other) {
        Path source = other.resolve("journal").resolve(RevocationJournal.FILE);
        if (!Files.isRegularFile(source)) {
            return;
        }
        try {
            Path journal = Files.createDirectories(directory.resolve("journal"));
            Files.copy(source, journal.resolve(RevocationJournal.FILE));
            LOG.log(Level.INFO, "Revocation store {0} starts with the revocations of {1}",
                    new Object[]{directory, other});
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot seed {0} with the revocations of {1}: {2}",
                    new Object[]{directory, other, e.toString()});
        }
    }

    private static CacheConfigurationBuilder<String, String> configuration(ResourcePoolsBuilder pools, Clock clock) {
        return CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class, pools)
                .withExpiry(new UntilExpiresAt(clock));
    }

    /** Each entry lives until its {@code expiresAt}, so the store forgets by itself what can match no valid token. */
    private record UntilExpiresAt(Clock clock) implements ExpiryPolicy<String, String> {
        @Override
        public Duration getExpiryForCreation(String key, String value) {
            try {
                Duration left = Duration.between(clock.instant(), Revocation.decode(value).expiresAt());
                return left.isNegative() || left.isZero() ? Duration.ZERO : left;
            } catch (IOException e) {
                return Duration.ZERO;
            }
        }

        @Override
        public Duration getExpiryForAccess(String key, Supplier<? extends String> value) {
            return null;
        }

        @Override
        public Duration getExpiryForUpdate(String key, Supplier<? extends String> oldValue, String newValue) {
            return getExpiryForCreation(key, newValue);
        }
    }

    /** Brings the Ehcache copy in line with the journal, which decides. */
    private void restore(Map<Revocation.Key, Revocation> live) {
        entries.putAll(live);
        int missing = 0;
        for (Revocation r : live.values()) {
            String key = r.key().encode();
            String encoded = r.encode();
            if (!encoded.equals(cache.get(key))) {
                cache.put(key, encoded);
                missing++;
            }
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        live.keySet().forEach(k -> keys.add(k.encode()));
        for (Cache.Entry<String, String> e : cache) {
            if (!keys.contains(e.getKey())) {
                cache.remove(e.getKey());
            }
        }
        if (missing > 0) {
            LOG.log(Level.INFO, "{0} revocation(s) restored from {1} (the Ehcache store lacked them, e.g. after an"
                    + " unclean shutdown)", new Object[]{missing, directory.resolve("journal")});
        }
        if (!live.isEmpty()) {
            LOG.log(Level.INFO, "{0} revocation(s) in force from {1}", new Object[]{live.size(), directory});
        }
    }

    @Override
    public void put(Revocation revocation) throws RevocationLimitException {
        if (revocation.issuer().length() > MAX_VALUE_LENGTH || revocation.value().length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("issuer and value must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        synchronized (this) {
            Revocation.Key key = revocation.key();
            if (!entries.containsKey(key) && entries.size() >= maxEntries) {
                dropExpired();
                if (entries.size() >= maxEntries) {
                    throw new RevocationLimitException(maxEntries);
                }
            }
            persist(() -> journal.added(revocation));
            entries.put(key, revocation);
            cache.put(key.encode(), revocation.encode());
            compact();
        }
        fireChanged();
    }

    @Override
    public boolean remove(Revocation.Kind kind, String issuer, String value) {
        Revocation.Key key = new Revocation.Key(kind, issuer, value);
        synchronized (this) {
            if (!entries.containsKey(key)) {
                return false;
            }
            persist(() -> journal.removed(key));
            entries.remove(key);
            cache.remove(key.encode());
            compact();
        }
        fireChanged();
        return true;
    }

    private interface JournalWrite {
        void write() throws IOException;
    }

    /** Journal first: a change is in force only once it would survive a crash. */
    private void persist(JournalWrite write) {
        if (journal == null) {
            return;
        }
        try {
            write.write();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the revocation journal in " + directory + ": " + e, e);
        }
    }

    private void compact() {
        if (journal != null) {
            try {
                journal.compactIfLarge(entries.values());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Cannot compact the revocation journal in {0}: {1}",
                        new Object[]{directory, e.toString()});
            }
        }
    }

    private void dropExpired() {
        Instant now = clock.instant();
        entries.values().removeIf(r -> r.expired(now));
    }

    private void fireChanged() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A revocation change listener failed", e);
            }
        }
    }

    @Override
    public Collection<Revocation> all() {
        Instant now = clock.instant();
        return entries.values().stream().filter(r -> !r.expired(now)).toList();
    }

    @Override
    public Optional<Revocation> get(Revocation.Key key) {
        Revocation revocation = entries.get(key);
        return revocation == null || revocation.expired(clock.instant()) ? Optional.empty() : Optional.of(revocation);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public RevocationStoreState state() {
        long count = entries.size();
        return directory != null
                ? new RevocationStoreState(RevocationStoreState.LOCAL, true, 0, count,
                        "persisted on this replica's disk")
                : new RevocationStoreState(RevocationStoreState.LOCAL, true, 0, count,
                        "in memory only, lost at restart (the start-up log says why)");
    }

    /** @return the persistence directory, or null when revocations are kept in memory only */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
        try {
            manager.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing the revocation cache failed", e);
        }
    }
}
