package org.jwtverifier.jwks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.io.Parser;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jwtverifier.json.Jackson;

/**
 * Turns a JWKS document (RFC 7517 §5) into a {@link KeySet}. A JWK that cannot be used is skipped and reported,
 * never fatal to the rest: unparseable or unsupported keys, private or symmetric key material (a published set
 * must only hold public keys), and keys not meant for signatures.
 */
public final class KeySetParser {
    private static final ObjectMapper JSON = Jackson.strictJson();
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "k");

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final Parser<Jwk<?>> jwkParser = Jwks.parser().json(new JacksonDeserializer(JSON)).build();

    /**
     * @param issuer    whose keys these are, for events
     * @param document  the JWKS JSON text
     * @param fetchedAt when it was fetched
     * @param listener  told of each skipped key
     * @throws KeySourceException when the document is not a JWKS object with a {@code keys} array
     */
    public KeySet parse(String issuer, String document, Instant fetchedAt, KeySourceListener listener)
            throws KeySourceException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new KeySourceException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("keys").isArray()) {
            throw new KeySourceException("not a JWKS: a JSON object with a \"keys\" array is required");
        }
        List<VerificationKey> keys = new ArrayList<>();
        int skipped = 0;
        for (JsonNode jwk : root.get("keys")) {
            String kid = jwk.path("kid").isTextual() ? jwk.get("kid").asText() : null;
            try {
                keys.add(toKey(jwk, kid));
            } catch (UnusableKeyException | RuntimeException e) {
                skipped++;
                listener.keySkipped(issuer, kid, e instanceof UnusableKeyException ? e.getMessage()
                        : "cannot be parsed (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new KeySet(keys, skipped, fetchedAt, document);
    }

    private VerificationKey toKey(JsonNode jwk, String kid) throws UnusableKeyException {
        if (!jwk.isObject()) {
            throw new UnusableKeyException("not a JSON object");
        }
        String kty = jwk.path("kty").asText("");
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.has(member)) {
                throw new UnusableKeyException("holds private or symmetric key material (" + kty + ")");
            }
        }
        String use = text(jwk, "use");
        if (use != null && !use.equals("sig")) {
            throw new UnusableKeyException("use is '" + use + "', not 'sig'");
        }
        Set<String> ops = new LinkedHashSet<>();
        jwk.path("key_ops").forEach(op -> ops.add(op.asText()));
        if (!ops.isEmpty() && !ops.contains("verify")) {
            throw new UnusableKeyException("key_ops does not include 'verify'");
        }
        Jwk<?> parsed = jwkParser.parse(Jackson.write(JSON, jwk));
        if (!(parsed instanceof PublicJwk<?> publicJwk)) {
            throw new UnusableKeyException("not a public key (" + kty + ")");
        }
        return new VerificationKey(kid, publicJwk.toKey(), kty, text(jwk, "crv"), text(jwk, "alg"), use, Set.copyOf(ops));
    }

    private static String text(JsonNode node, String member) {
        JsonNode v = node.get(member);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static final class UnusableKeyException extends Exception {
        UnusableKeyException(String message) {
            super(message);
        }
    }
}
