package org.jwtverifier.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ehcache.Cache;
import org.jwtverifier.json.Jackson;

/**
 * The records on the Terracotta server beside the revocations themselves, and how they are read and written:
 * the numbered change log, its sequence, the server's epoch, and the compare-and-set write of an entry. What
 * {@link ClusteredRevocationStore} does with them is described there. Every method is one or a few cache calls;
 * none holds state.
 */
final class ClusterChangeLog {
    private static final ObjectMapper JSON = Jackson.json();

    private ClusterChangeLog() {
    }

    /**
     * The key of the change sequence: the number of the latest change published. Internal keys start with '#';
     * a {@link Revocation.Key#encode()} never does (those are JSON arrays).
     */
    static final String SEQUENCE = "#sequence";
    /** The keys of the changes: {@code #change:N} holds the keys change N wrote, or {@link #EVERYTHING}. */
    static final String CHANGE = "#change:";
    /** A change that may have touched any key: readers load every entry. */
    static final String EVERYTHING = "*";
    /** How many changes are kept on the server; a replica further behind loads every entry. */
    static final int CHANGES_KEPT = 1_000;
    /**
     * The key of the server's epoch: a random value the first replica to find it missing writes. A server that
     * restarted empty has a new one, and each replica then writes what it knows once.
     */
    static final String EPOCH = "#epoch";

    /**
     * Publishes a change: claims the next number by writing {@code #change:N} (the first writer of N wins; a
     * loser tries N + 1), then moves the sequence up to N, so every change up to the sequence is readable before
     * a reader can see the sequence past it. A writer that dies between the two leaves its change for the next
     * writer's sequence to cover.
     *
     * @param keys the keys written, or null when any key may have changed
     */
    static void publish(Cache<String, String> cache, List<String> keys) {
        String text = keys == null ? EVERYTHING : Jackson.write(JSON, JSON.valueToTree(keys));
        long n = sequence(cache) + 1;
        while (cache.putIfAbsent(CHANGE + n, text) != null) {
            n++;
        }
        while (true) {
            String current = cache.get(SEQUENCE);
            if (current == null) {
                if (cache.putIfAbsent(SEQUENCE, Long.toString(n)) == null) {
                    break;
                }
            } else if (parse(current) >= n || cache.replace(SEQUENCE, current, Long.toString(n))) {
                break;
            }
        }
        if (n > CHANGES_KEPT) {
            cache.remove(CHANGE + (n - CHANGES_KEPT));
        }
    }

    /**
     * @return the number of the latest change; 0 when there is none. A missing sequence is confirmed by a write
     *         (Ehcache answers a read that times out as a miss), which fails when the server is gone.
     */
    static long sequence(Cache<String, String> cache) {
        String current = cache.get(SEQUENCE);
        if (current == null) {
            current = cache.putIfAbsent(SEQUENCE, "0");
        }
        return current == null ? 0 : parse(current);
    }

    static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the keys changes {@code from} to {@code to} wrote; empty when one is gone or touched any key */
    static Optional<Set<String>> changedKeys(Cache<String, String> cache, long from, long to) {
        Set<String> keys = new LinkedHashSet<>();
        for (long n = from; n <= to; n++) {
            String text = cache.get(CHANGE + n);
            if (text == null || EVERYTHING.equals(text)) {
                return Optional.empty();
            }
            try {
                JsonNode array = JSON.readTree(text);
                if (array == null || !array.isArray()) {
                    return Optional.empty();
                }
                array.forEach(k -> keys.add(k.asText()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(keys);
    }

    /**
     * @return the server's epoch, written now if it has none. Ehcache answers a read that times out as a miss,
     *         so a missing epoch is confirmed by a write, which fails when the server is gone.
     */
    static String epoch(Cache<String, String> cache) {
        String epoch = cache.get(EPOCH);
        if (epoch == null) {
            String fresh = UUID.randomUUID().toString();
            String existing = cache.putIfAbsent(EPOCH, fresh);
            epoch = existing == null ? fresh : existing;
        }
        return epoch;
    }

    /** Writes {@code entry} unless the server holds the same or a later change of its key. */
    static boolean writeIfNewer(Cache<String, String> cache, ClusterEntry entry) {
        String key = entry.key().encode();
        String value = entry.encode();
        String stored = cache.putIfAbsent(key, value);
        while (stored != null) {
            ClusterEntry there;
            try {
                there = ClusterEntry.decode(stored);
            } catch (IOException | IllegalArgumentException unreadable) {
                there = null;
            }
            if (there != null && !entry.supersedes(there)) {
                return false;
            }
            if (cache.replace(key, stored, value)) {
                return true;
            }
            stored = cache.putIfAbsent(key, value);
        }
        return true;
    }
}
