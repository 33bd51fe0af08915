package org.jwtverifier.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jwtverifier.json.Jackson;

/**
 * What a clustered store holds for one key, on the server and in its files: a revocation, or the record of its
 * removal. A removal is kept (until the revocation it removed would have ended) so that a replica that missed it
 * cannot write the revocation back, and so that a store that reads a partial or empty server never drops a
 * revocation for want of seeing it: entries only ever end by a removal or by time. Of two entries for one key,
 * the one changed later wins.
 *
 * @param key        the revocation's key
 * @param revocation the revocation; null for a removal
 * @param changedAt  when it was made: the revocation's {@code createdAt}, or when it was removed
 * @param until      when it may be forgotten: the revocation's {@code expiresAt}, or that of the revocation a
 *                   removal removed
 */
record ClusterEntry(Revocation.Key key, Revocation revocation, Instant changedAt, Instant until) {
    private static final ObjectMapper JSON = Jackson.json();
    private static final String PUT = "put ";
    private static final String REMOVE = "remove ";

    ClusterEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(until, "until");
        if (revocation != null && !revocation.key().equals(key)) {
            throw new IllegalArgumentException("the revocation has another key");
        }
    }

    static ClusterEntry of(Revocation revocation) {
        return new ClusterEntry(revocation.key(), revocation, revocation.createdAt(), revocation.expiresAt());
    }

    static ClusterEntry removal(Revocation.Key key, Instant at, Instant until) {
        return new ClusterEntry(key, null, at, until);
    }

    boolean isRemoval() {
        return revocation == null;
    }

    Optional<Revocation> inForce(Instant now) {
        return revocation == null || revocation.expired(now) ? Optional.empty() : Optional.of(revocation);
    }

    boolean expired(Instant now) {
        return !now.isBefore(until);
    }

    /** @return whether this entry replaces {@code other} (null: there is none) */
    boolean supersedes(ClusterEntry other) {
        return other == null || changedAt.isAfter(other.changedAt)
                || (changedAt.equals(other.changedAt) && isRemoval() && !other.isRemoval());
    }

    /** @return {@code put <revocation JSON>} or {@code remove <JSON>} */
    String encode() {
        if (revocation != null) {
            return PUT + revocation.encode();
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("key", key.encode());
        node.put("removedAt", changedAt.toEpochMilli());
        node.put("until", until.toEpochMilli());
        return REMOVE + Jackson.write(JSON, node);
    }

    /** @throws IOException when {@code text} is not an entry {@link #encode()} wrote */
    static ClusterEntry decode(String text) throws IOException {
        if (text.startsWith(PUT)) {
            return of(Revocation.decode(text.substring(PUT.length())));
        }
        if (!text.startsWith(REMOVE)) {
            throw new IOException("neither a revocation nor a removal");
        }
        JsonNode node = JSON.readTree(text.substring(REMOVE.length()));
        if (node == null || !node.isObject() || !node.path("key").isTextual()
                || !node.path("removedAt").canConvertToLong() || !node.path("until").canConvertToLong()) {
            throw new IOException("not a removal");
        }
        return removal(Revocation.Key.decode(node.get("key").asText()),
                Instant.ofEpochMilli(node.get("removedAt").asLong()), Instant.ofEpochMilli(node.get("until").asLong()));
    }
}
