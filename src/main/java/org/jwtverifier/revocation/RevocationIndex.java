package org.jwtverifier.revocation;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The revocations in force, in memory, for the request path: per issuer one hash map per kind, so a check is at
 * most three lookups and allocates nothing. Replaced whole (copy on write) whenever the store changes: changes
 * are rare (operator actions, logouts) and checks are on every request.
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
    }

    private record Snapshot(Map<String, IssuerEntries> byIssuer, Map<Revocation.Kind, Long> counts) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), counts(0, 0, 0));

    /** Builds an index of these revocations. */
    public static RevocationIndex of(Collection<Revocation> revocations) {
        RevocationIndex index = new RevocationIndex();
        index.replace(revocations);
        return index;
    }

    /** Builds an index that follows {@code store}: rebuilt from {@link RevocationStore#all()} on every change. */
    public static RevocationIndex following(RevocationStore store) {
        RevocationIndex index = new RevocationIndex();
        store.onChange(() -> index.replaceFrom(store));
        index.replaceFrom(store);
        return index;
    }

    // Serialised, so that two changes in quick succession cannot install the older reading last.
    private synchronized void replaceFrom(RevocationStore store) {
        replace(store.all());
    }

    /** Replaces the whole index with these revocations. */
    public synchronized void replace(Collection<Revocation> revocations) {
        Map<String, IssuerEntries> byIssuer = new HashMap<>();
        long tokenIds = 0;
        long subjects = 0;
        long sessions = 0;
        for (Revocation r : revocations) {
            IssuerEntries entries = byIssuer.computeIfAbsent(r.issuer(),
                    i -> new IssuerEntries(new HashMap<>(), new HashMap<>(), new HashMap<>()));
            long expiresAt = r.expiresAt().toEpochMilli();
            switch (r.kind()) {
                case TOKEN_ID -> {
                    entries.tokenIds().put(r.value(), new Entry(0, expiresAt));
                    tokenIds++;
                }
                case SUBJECT -> {
                    entries.subjects().put(r.value(), new Entry(r.issuedAtOrBefore().toEpochMilli(), expiresAt));
                    subjects++;
                }
                case SESSION -> {
                    entries.sessions().put(r.value(), new Entry(0, expiresAt));
                    sessions++;
                }
            }
        }
        snapshot = new Snapshot(byIssuer, counts(tokenIds, subjects, sessions));
    }

    @Override
    public boolean isRevoked(String issuer, String jti, String sub, String sid, Long iatMillis, long nowMillis) {
        IssuerEntries entries = snapshot.byIssuer().get(issuer);
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

    /** @return how many entries of each kind the index holds */
    public Map<Revocation.Kind, Long> counts() {
        return snapshot.counts();
    }

    private static Map<Revocation.Kind, Long> counts(long tokenIds, long subjects, long sessions) {
        Map<Revocation.Kind, Long> counts = new EnumMap<>(Revocation.Kind.class);
        counts.put(Revocation.Kind.TOKEN_ID, tokenIds);
        counts.put(Revocation.Kind.SUBJECT, subjects);
        counts.put(Revocation.Kind.SESSION, sessions);
        return java.util.Collections.unmodifiableMap(counts);
    }
}
