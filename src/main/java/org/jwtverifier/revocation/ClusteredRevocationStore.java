package org.jwtverifier.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ehcache.Cache;
import org.jwtverifier.config.ClusterConfig;

/**
 * Revocations shared by every replica through Ehcache's clustered tier on a Terracotta server.
 *
 * <p><b>How a change travels.</b> Entries live in one clustered cache ({@link ClusterConnection}) beside a
 * change log: a writer writes its entries, then publishes a numbered change naming their keys ({@link #publish}).
 * Each replica reads only the sequence (the number of the latest change) every {@link ClusterConfig#pollInterval()},
 * and at once when the cache tells it of a write (Ehcache 3.10 delivers other clients' writes to a cache's
 * listeners, EhcacheClusteredContractIT; they are not replayed after a disconnection, so they only hasten the
 * poll). When the sequence moved, the replica reads the changes since the one it loaded and the entries they name,
 * merges them and fires {@link #onChange}; it reads every entry instead on its first load, after a new server
 * epoch, when it is more than {@code ClusterChangeLog.CHANGES_KEPT / 2} changes behind, or when a change or entry it looks for is
 * not there. So a change costs each replica a few reads, not a read of every entry, and no request ever waits on
 * the server: the request path reads the index the listeners rebuild.
 *
 * <p><b>Nothing is dropped for want of seeing it.</b> A load merges what the server holds into what the replica
 * holds; an entry ends only by a removal, which is itself kept as an entry ({@link ClusterEntry}) until the
 * revocation it removed would have ended, or by time. Of two entries for a key, the later change wins. So a
 * server that restarted empty, or is being refilled, never makes a replica forget a revocation.
 *
 * <p><b>When the server is unreachable.</b> The replica keeps enforcing what it knew, and a change made here is
 * applied at once, kept on disk ({@link ClusterMirrorFiles}) and counted as pending; {@link #state()} says so.
 * Ehcache reconnects by itself once the server is back (a new connection is made when the first never
 * succeeded, when the cache manager gives up, or after 30 s of failures), and the pending changes are written
 * then, oldest first. What was known is on disk as well, so a
 * restart during an outage enforces it from the first request. Ehcache answers a read that times out as a miss
 * (not through the resilience strategy), so a missing epoch or sequence is followed by a write, which fails
 * while the server is gone.
 *
 * <p><b>A server that comes back empty.</b> The open-source Terracotta server keeps its caches in memory only: a
 * restarted server holds nothing. The server's epoch (a random value the first replica to find it missing writes)
 * tells each replica that it has not written to this server yet; it then writes every entry it knows that the
 * server lacks or holds an older change of, and a change that makes every replica read every entry. So revocations outlive a server restart as long
 * as one replica that knew them runs. A load that finds an older change on the server than the replica holds
 * writes the later one back, so every replica converges on it.
 *
 * <p>All server traffic runs on one background thread; {@link #put} and {@link #remove} only touch memory and
 * disk, then wake that thread. The copy of what was read from the server is written to disk by a second thread,
 * after the change is enforced: writing 100,000 entries takes seconds, and changes made elsewhere meanwhile must
 * still be enforced within the poll interval. A change this replica made leaves its pending file only once the
 * known file holds it (both written by that thread, in that order), so a crash at any point loses nothing made
 * here; what was read from the server reaches the disk a moment after it is enforced.
 *
 * <p>Longer than most classes here on purpose: the merge rules above (later change wins, removals kept, refill of
 * an empty server, pending writes after an outage) act on one state under one lock on one worker thread; the
 * server-side records are in {@link ClusterChangeLog}, the connection in {@link ClusterConnection} and the disk copy
 * in {@link ClusterMirrorFiles}.
 */
public final class ClusteredRevocationStore implements RevocationStore {
    private static final Logger LOG = Logger.getLogger(ClusteredRevocationStore.class.getName());
    /** How long a replica that could never connect waits before trying again. */
    private static final long RECONNECT_MILLIS = 2_000;
    /**
     * How long a connection may keep failing before it is replaced by a new one: longer than Ehcache takes to
     * reconnect by itself to a server that is back (a few seconds, EhcacheClusteredContractIT).
     */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long the removal of a revocation this replica does not hold is kept (it may hold it soon). */
    static final java.time.Duration UNKNOWN_REMOVAL_KEPT = java.time.Duration.ofHours(1);
    /** How long a close waits for the last disk write (100,000 entries take a few seconds on a slow disk). */
    private static final long DISK_WRITE_WAIT_SECONDS = 60;

    private final ClusterConfig config;
    private final long maxEntries;
    private final Clock clock;
    private final ClusterMirrorFiles files;
    private final ScheduledExecutorService worker;
    /** Writes {@link #files}' known copy, and the pending file once the known one holds what the server took. */
    private final ExecutorService diskWriter;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final List<Consumer<Optional<Set<Revocation.Key>>>> listeners = new CopyOnWriteArrayList<>();

    /** Guards {@link #known} and {@link #pending}, and their files. */
    private final Object lock = new Object();
    /** Revocations and removals, in force or not yet forgotten. */
    private final Map<Revocation.Key, ClusterEntry> known = new HashMap<>();
    /** Changes made here not yet confirmed by the server, oldest first. */
    private final Map<Revocation.Key, ClusterEntry> pending = new LinkedHashMap<>();

    // Worker thread only.
    private ClusterConnection connection;
    private long nextConnectAt;
    /** The number of the last change loaded; -1: none yet, load every entry. */
    private long loadedChange = -1;
    private String syncedEpoch;

    /** When the current run of failures began (worker thread only). */
    private long failingSinceNanos = System.nanoTime();
    /** Lines appended to the known file since it was last written whole (under the lock). */
    private long knownLinesAppended;
    /** Keys whose current entry the known file is still to get (under the lock). */
    private final Set<Revocation.Key> knownToAppend = new LinkedHashSet<>();
    /** Whether the known file is to be written whole rather than appended to (under the lock). */
    private boolean knownToRewrite;
    /**
     * Changes made here that the server holds, to leave the pending file once the known one holds them (under
     * the lock); they are not written to the server again meanwhile.
     */
    private final Map<Revocation.Key, ClusterEntry> confirmed = new LinkedHashMap<>();
    /** Whether a disk write is queued and has not taken its work yet (under the lock). */
    private boolean diskWriteQueued;
    private volatile boolean reachable;
    private volatile String problem;
    private volatile Instant unreachableSince;
    private volatile Instant lastLoaded;

    /**
     * Opens the store: what {@code directory} holds is enforced at once, and the server is contacted in the
     * background (a server that cannot be reached does not fail the deployment).
     *
     * @param directory  where this replica keeps its copy; one per deployment, never shared by two replicas
     * @param maxEntries bound on the entries in force; a put beyond it is refused
     */
    public ClusteredRevocationStore(ClusterConfig config, Path directory, long maxEntries, Clock clock) {
        this(config, directory, null, maxEntries, clock);
    }

    /**
     * Opens the store as {@link #ClusteredRevocationStore(ClusterConfig, Path, long, Clock)} does, taking over what
     * a {@link LocalRevocationStore} kept in {@code localDirectory} (the replica ran without {@code cluster:}
     * before): its revocations in force join what this replica knows, and its first connection writes them to
     * the server as it writes everything the server lacks, unless the server holds a later change of one. So
     * nothing is written twice, a revocation an operator removed in the cluster is not brought back, and reading
     * the same journal again at the next start finds nothing new and says nothing. The local store's files are
     * left as they are.
     *
     * @param localDirectory the local store's directory, or null
     */
    public ClusteredRevocationStore(ClusterConfig config, Path directory, Path localDirectory, long maxEntries,
                                    Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = new ClusterMirrorFiles(directory);
        for (ClusterEntry e : files.readKnown()) {
            merge(e);
        }
        for (ClusterEntry e : files.readPending()) {
            pending.put(e.key(), e);
            merge(e);
        }
        if (localDirectory != null) {
            takeOverLocal(localDirectory);
        }
        this.unreachableSince = clock.instant();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jwt-verifier-revocations-cluster"));
        this.diskWriter = Executors.newSingleThreadExecutor(r -> daemon(r, "jwt-verifier-revocations-disk"));
        long poll = config.pollInterval().toMillis();
        worker.scheduleWithFixedDelay(this::tick, 0, poll, TimeUnit.MILLISECONDS);
    }

    /** Merges the revocations in force of the local store in {@code localDirectory} (constructor only). */
    private void takeOverLocal(Path localDirectory) {
        Path journal = localDirectory.resolve("journal").resolve(RevocationJournal.FILE);
        Collection<Revocation> kept;
        try {
            kept = RevocationJournal.read(journal).values();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the revocations the local store kept in {0}: {1}",
                    new Object[]{journal, e.toString()});
            return;
        }
        Instant now = clock.instant();
        List<ClusterEntry> taken = new ArrayList<>();
        int expired = 0;
        for (Revocation r : kept) {
            if (r.expired(now)) {
                expired++;
            } else if (merge(ClusterEntry.of(r))) {
                taken.add(ClusterEntry.of(r));
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        files.appendKnown(taken);
        LOG.log(Level.INFO, "Took over {0} revocations kept by the local store in {1} (the replica ran without a "
                + "cluster section before; {2} there had expired): they are written to the Terracotta server {3} "
                + "once it answers, where it lacks them", new Object[]{taken.size(), localDirectory, expired,
                config.server()});
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** @return where this replica keeps its copy */
    public Path directory() {
        return files.directory();
    }

    /** @return the server's host and port */
    public String server() {
        return config.server();
    }

    @Override
    public void put(Revocation revocation) throws RevocationLimitException {
        Objects.requireNonNull(revocation, "revocation");
        synchronized (lock) {
            Instant now = clock.instant();
            ClusterEntry current = known.get(revocation.key());
            if ((current == null || current.inForce(now).isEmpty()) && inForce(now) >= maxEntries) {
                throw new RevocationLimitException(maxEntries);
            }
            ClusterEntry entry = ClusterEntry.of(revocation);
            if (!entry.supersedes(current)) {
                // Later than what it replaces (a removal made by a clock a little ahead), or other replicas
                // would keep what it replaces.
                entry = new ClusterEntry(entry.key(), revocation, current.changedAt().plusMillis(1), entry.until());
            }
            change(entry);
        }
        changed(Optional.of(Set.of(revocation.key())));
        wake();
    }

    @Override
    public boolean remove(Revocation.Kind kind, String issuer, String value) {
        Revocation.Key key = new Revocation.Key(kind, issuer, value);
        boolean had;
        synchronized (lock) {
            Instant now = clock.instant();
            ClusterEntry current = known.get(key);
            Optional<Revocation> held = current == null ? Optional.empty() : current.inForce(now);
            had = held.isPresent();
            Instant until = held.map(Revocation::expiresAt).orElse(now.plus(UNKNOWN_REMOVAL_KEPT));
            // Later than what it removes, even when that was made a moment ago by a clock a little ahead.
            Instant at = current != null && !now.isAfter(current.changedAt()) ? current.changedAt().plusMillis(1) : now;
            change(ClusterEntry.removal(key, at, until));
        }
        if (had) {
            changed(Optional.of(Set.of(key)));
        }
        wake();
        return had;
    }

    /** Applies a change made here and keeps it on disk as pending; a change that cannot be kept is refused. */
    private void change(ClusterEntry entry) {
        files.appendPending(entry);
        pending.remove(entry.key());
        pending.put(entry.key(), entry);
        known.put(entry.key(), entry);
    }

    @Override
    public Collection<Revocation> all() {
        Instant now = clock.instant();
        synchronized (lock) {
            List<Revocation> out = new ArrayList<>(known.size());
            for (ClusterEntry e : known.values()) {
                e.inForce(now).ifPresent(out::add);
            }
            return out;
        }
    }

    @Override
    public void onChange(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(keys -> listener.run());
    }

    @Override
    public void onChangedKeys(Consumer<Optional<Set<Revocation.Key>>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<Revocation> get(Revocation.Key key) {
        Instant now = clock.instant();
        synchronized (lock) {
            ClusterEntry entry = known.get(key);
            return entry == null ? Optional.empty() : entry.inForce(now);
        }
    }

    @Override
    public RevocationStoreState state() {
        long pendingWrites;
        long entries;
        synchronized (lock) {
            pendingWrites = pending.size();
            entries = inForce(clock.instant());
        }
        String detail = reachable
                ? "shared through the Terracotta server " + config.server() + (lastLoaded == null ? ""
                : "; last loaded at " + lastLoaded)
                : problem == null ? "connecting to the Terracotta server " + config.server() + "; enforcing the "
                + entries + " revocations kept on disk meanwhile"
                : "the Terracotta server " + config.server() + " is unreachable since " + unreachableSince + " ("
                + problem + "); enforcing the " + entries + " revocations last known, " + pendingWrites
                + " changes made here are kept on disk until it is back";
        return new RevocationStoreState(RevocationStoreState.CLUSTERED, reachable, pendingWrites, entries, detail);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            long bound = config.readTimeout().plus(config.writeTimeout()).plus(config.connectTimeout()).toMillis();
            if (!worker.awaitTermination(bound + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.warning("The revocation cluster thread did not stop in time; interrupting it");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        // The last disk write queued carries what was read last: let it finish, so a restart enforces it.
        diskWriter.shutdown();
        try {
            if (!diskWriter.awaitTermination(DISK_WRITE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("The revocation disk copy was not written in time; what was read from the server last "
                        + "is read from it again after a restart");
                diskWriter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            diskWriter.shutdownNow();
        }
        ClusterConnection c = connection;
        connection = null;
        if (c != null && !c.close(config.writeTimeout().plus(config.readTimeout()))) {
            LOG.log(Level.WARNING, "The connection to the Terracotta server {0} did not close in time (the server "
                    + "does not answer); it is left to close once the server answers", config.server());
        }
    }

    /** Runs a poll now (coalesced with one already queued), so a change made here leaves without waiting. */
    private void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                wakeQueued.set(false);
            }
        }
    }

    /** One round with the server: connect if need be, write what is pending, load what changed. */
    private void tick() {
        try {
            if (connection == null) {
                if (System.currentTimeMillis() < nextConnectAt) {
                    return;
                }
                try {
                    connection = ClusterConnection.open(config, this::wake);
                    LOG.log(Level.INFO, "Revocations are shared through the Terracotta server {0}", config.server());
                } catch (RuntimeException e) {
                    nextConnectAt = System.currentTimeMillis() + RECONNECT_MILLIS;
                    throw e;
                }
            }
            Cache<String, String> cache = connection.cache();
            String epoch = ClusterChangeLog.epoch(cache);
            if (!epoch.equals(syncedEpoch)) {
                // A server this replica has not written its entries to yet: new, or restarted empty.
                refill(cache);
                ClusterChangeLog.publish(cache, null);
                syncedEpoch = epoch;
                loadedChange = -1;
            }
            Map<Revocation.Key, ClusterEntry> written = flushPending(cache);
            long latest = ClusterChangeLog.sequence(cache);
            if (latest != loadedChange || !written.isEmpty()) {
                Optional<Set<String>> changedKeys = loadedChange < 0 || latest < loadedChange
                        || latest - loadedChange > ClusterChangeLog.CHANGES_KEPT / 2 ? Optional.empty()
                        : ClusterChangeLog.changedKeys(cache, loadedChange + 1, latest);
                if (changedKeys.isPresent() && !readChanges(cache, changedKeys.get(), written)) {
                    changedKeys = Optional.empty();
                }
                if (changedKeys.isEmpty()) {
                    load(cache, written);
                }
                loadedChange = latest;
            }
            reachableAgain();
        } catch (RuntimeException e) {
            unreachable(e);
        }
    }

    private Map<Revocation.Key, ClusterEntry> flushPending(Cache<String, String> cache) {
        Map<Revocation.Key, ClusterEntry> batch;
        synchronized (lock) {
            batch = new LinkedHashMap<>(pending);
            batch.entrySet().removeIf(e -> e.getValue().equals(confirmed.get(e.getKey())));
        }
        if (batch.isEmpty()) {
            return batch;
        }
        List<String> keys = new ArrayList<>();
        for (ClusterEntry entry : batch.values()) {
            cache.put(entry.key().encode(), entry.encode());
            keys.add(entry.key().encode());
        }
        ClusterChangeLog.publish(cache, keys);
        return batch;
    }

    /**
     * Reads the entries of {@code keys} and merges them in.
     *
     * @return false when one is missing on the server (a read that timed out looks the same): the caller then
     *         reads every entry
     */
    private boolean readChanges(Cache<String, String> cache, Set<String> keys, Map<Revocation.Key, ClusterEntry> written) {
        List<ClusterEntry> read = new ArrayList<>();
        for (String key : keys) {
            String value = cache.get(key);
            if (value == null) {
                return false;
            }
            try {
                ClusterEntry entry = ClusterEntry.decode(value);
                if (!entry.key().encode().equals(key)) {
                    throw new IOException("stored under another key");
                }
                read.add(entry);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Skipping an unreadable revocation on the Terracotta server: {0}", e.toString());
            }
        }
        apply(cache, read, written, false);
        return true;
    }

    /** Writes every entry this replica knows that the server lacks or holds an older change of. */
    private void refill(Cache<String, String> cache) {
        List<ClusterEntry> mine;
        synchronized (lock) {
            mine = new ArrayList<>(known.values());
        }
        Instant now = clock.instant();
        int written = 0;
        for (ClusterEntry e : mine) {
            if (!e.expired(now) && ClusterChangeLog.writeIfNewer(cache, e)) {
                written++;
            }
        }
        if (written > 0) {
            LOG.log(Level.WARNING, "The Terracotta server {0} lacked {1} of the revocations and removals this "
                    + "replica knows (it is new, restarted without its data, or this replica kept them before it joined): "
                    + "written", new Object[]{config.server(), written});
        }
    }

    /** Reads every entry and merges it in; expired ones are removed from the server. */
    private void load(Cache<String, String> cache, Map<Revocation.Key, ClusterEntry> written) {
        Instant now = clock.instant();
        List<ClusterEntry> read = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Cache.Entry<String, String> stored : cache) {
            if (stored.getKey().startsWith("#")) {
                continue;
            }
            ClusterEntry entry;
            try {
                entry = ClusterEntry.decode(stored.getValue());
                if (!entry.key().encode().equals(stored.getKey())) {
                    throw new IOException("stored under another key");
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Skipping an unreadable revocation on the Terracotta server: {0}", e.toString());
                continue;
            }
            if (entry.expired(now)) {
                expired.add(stored.getKey());
            } else {
                read.add(entry);
            }
        }
        for (String key : expired) {
            cache.remove(key);
        }
        apply(cache, read, written, true);
    }

    /**
     * Merges entries read from the server; {@code written} (this replica's changes the server now holds) leaves
     * the pending file once the known file holds it.
     */
    private void apply(Cache<String, String> cache, List<ClusterEntry> read, Map<Revocation.Key, ClusterEntry> written,
                       boolean everything) {
        Instant now = clock.instant();
        List<ClusterEntry> merged = new ArrayList<>();
        List<ClusterEntry> newerHere = new ArrayList<>();
        Set<Revocation.Key> changedKeys = new LinkedHashSet<>();
        boolean queueDiskWrite;
        synchronized (lock) {
            for (ClusterEntry entry : read) {
                if (merge(entry)) {
                    merged.add(entry);
                } else {
                    ClusterEntry mine = known.get(entry.key());
                    if (!mine.equals(entry) && !pending.containsKey(entry.key())) {
                        newerHere.add(mine);
                    }
                }
            }
            merged.forEach(e -> changedKeys.add(e.key()));
            boolean dropped = known.values().removeIf(e -> e.expired(now) && changedKeys.add(e.key()));
            merged.forEach(e -> knownToAppend.add(e.key()));
            knownToAppend.addAll(written.keySet());
            confirmed.putAll(written);
            knownLinesAppended += merged.size() + written.size();
            if (everything || dropped || knownLinesAppended > known.size()) {
                knownToRewrite = true;
                knownLinesAppended = 0;
            }
            boolean work = knownToRewrite || !knownToAppend.isEmpty() || !confirmed.isEmpty();
            queueDiskWrite = work && !diskWriteQueued;
            diskWriteQueued |= work;
        }
        // Enforced first: the request path's index is rebuilt before anything is written to disk.
        if (!changedKeys.isEmpty()) {
            // After reading every entry, most keys may be new: a listener rather reads them all at once.
            changed(everything ? Optional.empty() : Optional.of(java.util.Collections.unmodifiableSet(changedKeys)));
        }
        if (queueDiskWrite) {
            try {
                diskWriter.execute(this::writeDiskCopy);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                synchronized (lock) {
                    diskWriteQueued = false;
                }
            }
        }
        // The server holds an older change than this replica (written back by a replica that missed a later
        // one): put the later one back, so that every replica converges on it.
        List<String> wrote = new ArrayList<>();
        for (ClusterEntry mine : newerHere) {
            if (ClusterChangeLog.writeIfNewer(cache, mine)) {
                wrote.add(mine.key().encode());
            }
        }
        if (!wrote.isEmpty()) {
            ClusterChangeLog.publish(cache, wrote);
        }
        lastLoaded = now;
    }

    /**
     * Brings the disk copy up to what is known (disk thread): the known file gets the current entry of each key
     * that changed (or is written whole), then the changes the server took leave the pending file. Work queued
     * while this runs is taken by the next run, so a slow write of every entry is followed by one short append.
     */
    private void writeDiskCopy() {
        List<ClusterEntry> whole = null;
        List<ClusterEntry> lines = new ArrayList<>();
        Map<Revocation.Key, ClusterEntry> taken;
        synchronized (lock) {
            diskWriteQueued = false;
            if (knownToRewrite) {
                whole = new ArrayList<>(known.values());
            } else {
                for (Revocation.Key key : knownToAppend) {
                    ClusterEntry current = known.get(key);
                    if (current != null) {
                        lines.add(current);
                    }
                }
            }
            knownToRewrite = false;
            knownToAppend.clear();
            taken = new LinkedHashMap<>(confirmed);
        }
        try {
            if (whole != null) {
                files.writeKnown(whole);
            } else if (!lines.isEmpty()) {
                files.appendKnown(lines);
            }
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "Cannot write the copy of the revocations on disk ({0}); the changes made here "
                    + "stay in the pending file, and it is tried again on the next change", e.getMessage());
            synchronized (lock) {
                knownToRewrite = true;
            }
            return;
        }
        if (!taken.isEmpty()) {
            synchronized (lock) {
                // Only what is still the change the server took: a later change of the key stays pending.
                taken.forEach(pending::remove);
                taken.forEach(confirmed::remove);
                files.writePending(pending.values());
            }
        }
    }

    /** @return whether {@code entry} replaced what was known of its key */
    private boolean merge(ClusterEntry entry) {
        ClusterEntry current = known.get(entry.key());
        if (!entry.supersedes(current)) {
            return false;
        }
        known.put(entry.key(), entry);
        return true;
    }

    private long inForce(Instant now) {
        long n = 0;
        for (ClusterEntry e : known.values()) {
            if (e.inForce(now).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private void reachableAgain() {
        if (!reachable) {
            reachable = true;
            LOG.log(Level.INFO, "The Terracotta server {0} answers again", config.server());
        }
    }

    private void unreachable(RuntimeException e) {
        problem = e instanceof ClusterAccessException ? e.getMessage() : e.toString();
        if (reachable || unreachableSince == null) {
            unreachableSince = clock.instant();
            failingSinceNanos = System.nanoTime();
        }
        if (reachable) {
            LOG.log(Level.WARNING, "The Terracotta server {0} is unreachable ({1}): enforcing the revocations last "
                    + "known, keeping new ones until it is back", new Object[]{config.server(), problem});
        }
        reachable = false;
        if (connection != null && (gaveUp(e) || System.nanoTime() - failingSinceNanos > GIVE_UP_NANOS)) {
            // Ehcache reconnects by itself, but not every cache manager does: start over with a new connection.
            LOG.log(Level.INFO, "Opening a new connection to the Terracotta server {0}", config.server());
            connection.close(config.writeTimeout());
            connection = null;
            failingSinceNanos = System.nanoTime();
        }
    }

    /**
     * @return whether the cache manager reports that it lost its cluster tier manager for good, as the second of two
     *         cache managers of one JVM on the same server does after a server restart (EhcacheClusteredContractIT)
     */
    private static boolean gaveUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    private void changed(Optional<Set<Revocation.Key>> changed) {
        for (Consumer<Optional<Set<Revocation.Key>>> listener : listeners) {
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A revocation change listener failed", e);
            }
        }
    }
}
