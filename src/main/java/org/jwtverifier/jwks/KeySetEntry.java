package org.jwtverifier.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.jwtverifier.json.Jackson;

/**
 * A persisted key set: the JWKS document as fetched and when it was fetched, and the JSON text both persisted
 * copies hold (the Ehcache entry and the snapshot file). JSON text, so nothing is ever Java-deserialised from
 * disk. A snapshot file also names its key (issuer and source), so a file can never be taken for another's.
 *
 * @param document  the JWKS document, exactly as fetched
 * @param fetchedAt when it was fetched; freshness is decided from it, never from Ehcache's own bookkeeping
 */
public record KeySetEntry(String document, Instant fetchedAt) {
    private static final ObjectMapper JSON = Jackson.json();

    /** @param key written into the entry when not null, so a snapshot file says whose document it holds */
    String encode(String key) {
        ObjectNode node = JSON.createObjectNode();
        if (key != null) {
            node.put("key", key);
        }
        node.put("fetchedAt", fetchedAt.toEpochMilli());
        node.put("document", document);
        return Jackson.write(JSON, node);
    }

    /** @param expectedKey when not null, the key the entry must name */
    static KeySetEntry decode(String stored, String expectedKey) throws IOException {
        JsonNode node = JSON.readTree(stored);
        if (expectedKey != null && !expectedKey.equals(node.path("key").asText(null))) {
            throw new IOException("entry names another key");
        }
        String document = node.path("document").asText(null);
        long fetchedAt = node.path("fetchedAt").asLong(-1);
        if (document == null || fetchedAt < 0) {
            throw new IOException("entry lacks document or fetchedAt");
        }
        return new KeySetEntry(document, Instant.ofEpochMilli(fetchedAt));
    }

    /** @return the key a snapshot file names */
    static String keyOf(String stored) throws IOException {
        String key = JSON.readTree(stored).path("key").asText(null);
        if (key == null) {
            throw new IOException("entry names no key");
        }
        return key;
    }
}
