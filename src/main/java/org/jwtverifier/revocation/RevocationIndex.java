package org.jwtverifier.revocation;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations in force, in memory, for the request path: per issuer one hash map per kind, so a check is at
 * most three lookups and allocates nothing, and never waits for a lock.
 *
 * <p>Kept in step with a store two ways. A change made through {@link Revocations} on this replica is applied
 * to the maps at once ({@link #added}, {@link #removed}): constant time, however many entries are held. Any
 * other change the store reports ({@link RevocationStore#onChangedKeys}: another replica's, expiry) reads the
 * keys it names from the store ({@link RevocationStore#get}), or, when the store cannot say which keys changed,
 * rebuilds the index from {@link RevocationStore#all()} and swaps it in whole. All of these happen under one
 * lock, and an update reads the store inside it, so whichever runs last leaves the index equal to the store.
 *
 * <p>Each entry keeps its {@code expiresAt}, and a check honours it, so an entry the store has not dropped yet
 * never revokes past its end (a {@code jti} revoked until a given instant is admitted again from then on).
 */
public final class RevocationIndex implements RevocationCheck {
    /** @param issuedAtOrBefore subject revocations only, else 0 */
    private record Entry(long issuedAtOrBefore, long expiresAt) {
    }

    private record IssuerEntries(Map<String, Entry> tokenIds, Map<String, Entry> subjects,
                                 Map<String, Entry> sessions) {
        IssuerEntries() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }

        Map<String, Entry> of(Revocation.Kind kind) {
            return switch (kind) {
                case TOKEN_ID -> tokenIds;
                case SUBJECT -> subjects;
                case SESSION -> sessions;
            };
        }
    }

    private volatile Map<String, IssuerEntries> byIssuer = new ConcurrentHashMap<>();
    /** Set while this thread makes a change it applies itself: the store's change event then needs no rebuild. */
    private final ThreadLocal<Boolean> applyingOwnChange = new ThreadLocal<>();

    /** Builds an index of these revocations. */
    public static RevocationIndex of(Collection<Revocation> revocations) {
        RevocationIndex index = new RevocationIndex();
        index.replace(revocations);
        return index;
    }

    /** Builds an index that follows {@code store} (see the class comment). */
    public static RevocationIndex following(RevocationStore store) {
        RevocationIndex index = new RevocationIndex();
        store.onChangedKeys(keys -> {
            if (index.applyingOwnChange.get() == null) {
                keys.ifPresentOrElse(changed -> index.updateFrom(store, changed), () -> index.replaceFrom(store));
            }
        });
        index.replaceFrom(store);
        return index;
    }

    private synchronized void replaceFrom(RevocationStore store) {
        replace(store.all());
    }

    /** Reads the entries of {@code keys} from the store, inside the lock as {@link #replaceFrom} does. */
    private synchronized void updateFrom(RevocationStore store, Set<Revocation.Key> keys) {
        for (Revocation.Key key : keys) {
            store.get(key).ifPresentOrElse(this::added, () -> removed(key.kind(), key.issuer(), key.value()));
        }
    }

    /** Replaces the whole index with these revocations. */
    public synchronized void replace(Collection<Revocation> revocations) {
        Map<String, IssuerEntries> built = new ConcurrentHashMap<>();
        for (Revocation r : revocations) {
            built.computeIfAbsent(r.issuer(), i -> new IssuerEntries()).of(r.kind()).put(r.value(), entry(r));
        }
        byIssuer = built;
    }

    /**
     * Runs {@code change} (a put or remove on the followed store) without the rebuild its change event would
     * cause; the caller then applies the change itself with {@link #added} or {@link #removed}.
     */
    <X extends Exception> void withoutRebuild(StoreChange<X> change) throws X {
        applyingOwnChange.set(Boolean.TRUE);
        try {
            change.run();
        } finally {
            applyingOwnChange.remove();
        }
    }

    @FunctionalInterface
    interface StoreChange<X extends Exception> {
        void run() throws X;
    }

    /** Adds or replaces one revocation. */
    public synchronized void added(Revocation r) {
        byIssuer.computeIfAbsent(r.issuer(), i -> new IssuerEntries()).of(r.kind()).put(r.value(), entry(r));
    }

    /** Removes one revocation. */
    public synchronized void removed(Revocation.Kind kind, String issuer, String value) {
        IssuerEntries entries = byIssuer.get(issuer);
        if (entries != null) {
            entries.of(kind).remove(value);
        }
    }

    private static Entry entry(Revocation r) {
        return new Entry(r.issuedAtOrBefore() == null ? 0 : r.issuedAtOrBefore().toEpochMilli(),
                r.expiresAt().toEpochMilli());
    }

    @Override
    public boolean isRevoked(String issuer, String jti, String sub, String sid, Long iatMillis, long nowMillis) {
        IssuerEntries entries = byIssuer.get(issuer);
        if (entries == null) {
            return false;
        }
        if (jti != null && inForce(entries.tokenIds().get(jti), nowMillis)) {
            return true;
        }
        if (sid != null && inForce(entries.sessions().get(sid), nowMillis)) {
            return true;
        }
        if (sub != null) {
            Entry subject = entries.subjects().get(sub);
            // A token without iat cannot show it was issued after the revocation: revoked too.
            return inForce(subject, nowMillis) && (iatMillis == null || iatMillis <= subject.issuedAtOrBefore());
        }
        return false;
    }

    private static boolean inForce(Entry entry, long nowMillis) {
        return entry != null && nowMillis < entry.expiresAt();
    }

    /** @return how many entries of each kind the index holds (those past their end until the store drops them) */
    public Map<Revocation.Kind, Long> counts() {
        Map<Revocation.Kind, Long> counts = new EnumMap<>(Revocation.Kind.class);
        for (Revocation.Kind kind : Revocation.Kind.values()) {
            long n = 0;
            for (IssuerEntries entries : byIssuer.values()) {
                n += entries.of(kind).size();
            }
            counts.put(kind, n);
        }
        return java.util.Collections.unmodifiableMap(counts);
    }
}
