package org.jwtverifier.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.jwtverifier.json.Jackson;

/**
 * One revocation: which tokens of which issuer stop being admitted, and until when the entry is kept.
 *
 * <p>Stored as JSON text ({@link #encode()}), keyed by {@link #key()}'s text ({@link Key#encode()}), in every
 * store, local or clustered, so nothing is ever Java-deserialised from disk or from the network.
 *
 * @param kind             what {@code value} names
 * @param issuer           the configured issuer whose tokens it applies to (the token's verified {@code iss})
 * @param value            the {@code jti}, {@code sub} or {@code sid}
 * @param issuedAtOrBefore {@link Kind#SUBJECT} only: tokens with {@code iat} at or before it are revoked, and
 *                         tokens without {@code iat}; tokens issued later pass. Null for the other kinds
 * @param expiresAt        when the entry may be forgotten: no token it matches can be valid any more (or, for a
 *                         {@code jti} revoked until a given instant, the revocation ends then). A token is
 *                         revoked by it only before this instant
 * @param createdAt        when it was made
 * @param createdBy        who made it: the JMX principal, or {@link #BACKCHANNEL_LOGOUT}
 */
public record Revocation(Kind kind, String issuer, String value, Instant issuedAtOrBefore, Instant expiresAt,
                         Instant createdAt, String createdBy) {

    /** {@link #createdBy} of revocations made by an OpenID Connect Back-Channel Logout request. */
    public static final String BACKCHANNEL_LOGOUT = "backchannel-logout";

    private static final ObjectMapper JSON = Jackson.json();

    /** What a revocation matches tokens by. */
    public enum Kind {
        /** By {@code jti} (RFC 7519 §4.1.7): one token. */
        TOKEN_ID("jti"),
        /** By {@code sub} (RFC 7519 §4.1.2): every token of the subject issued at or before an instant. */
        SUBJECT("sub"),
        /** By {@code sid} (OpenID Connect Front-/Back-Channel Logout 1.0): every token of the session. */
        SESSION("sid");

        private final String claim;

        Kind(String claim) {
            this.claim = claim;
        }

        /** @return the claim the revocation's value is compared with */
        public String claim() {
            return claim;
        }
    }

    /**
     * What identifies a revocation in a store: a second revocation with the same key replaces the first.
     */
    public record Key(Kind kind, String issuer, String value) {
        public Key {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(value, "value");
        }

        /** @return the key as text (a JSON array), for stores keyed by strings */
        public String encode() {
            ArrayNode array = JSON.createArrayNode();
            array.add(kind.name()).add(issuer).add(value);
            return Jackson.write(JSON, array);
        }

        /** @throws IOException when {@code text} is not a key {@link #encode()} wrote */
        public static Key decode(String text) throws IOException {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isArray() || node.size() != 3 || !node.get(0).isTextual()
                    || !node.get(1).isTextual() || !node.get(2).isTextual()) {
                throw new IOException("not a revocation key");
            }
            try {
                return new Key(Kind.valueOf(node.get(0).asText()), node.get(1).asText(), node.get(2).asText());
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown revocation kind", e);
            }
        }
    }

    public Revocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (issuer.isEmpty() || value.isEmpty()) {
            throw new IllegalArgumentException("issuer and value must not be empty");
        }
        if ((kind == Kind.SUBJECT) != (issuedAtOrBefore != null)) {
            throw new IllegalArgumentException("issuedAtOrBefore is given for subject revocations, and only for them");
        }
    }

    public Key key() {
        return new Key(kind, issuer, value);
    }

    /** @return whether the entry may be forgotten at {@code now} */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** @return the revocation as JSON text */
    public String encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kind.name());
        node.put("issuer", issuer);
        node.put("value", value);
        if (issuedAtOrBefore != null) {
            node.put("issuedAtOrBefore", issuedAtOrBefore.toEpochMilli());
        }
        node.put("expiresAt", expiresAt.toEpochMilli());
        node.put("createdAt", createdAt.toEpochMilli());
        node.put("createdBy", createdBy);
        return Jackson.write(JSON, node);
    }

    /** @throws IOException when {@code text} is not a revocation {@link #encode()} wrote */
    public static Revocation decode(String text) throws IOException {
        JsonNode node = JSON.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IOException("not a revocation");
        }
        try {
            JsonNode before = node.get("issuedAtOrBefore");
            return new Revocation(Kind.valueOf(text(node, "kind")), text(node, "issuer"), text(node, "value"),
                    before == null ? null : Instant.ofEpochMilli(before.asLong()),
                    Instant.ofEpochMilli(number(node, "expiresAt")), Instant.ofEpochMilli(number(node, "createdAt")),
                    text(node, "createdBy"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("not a valid revocation: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("revocation lacks " + field);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IOException("revocation lacks " + field);
        }
        return value.asLong();
    }
}
