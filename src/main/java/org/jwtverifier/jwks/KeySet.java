package org.jwtverifier.jwks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of usable keys of one issuer, as of one fetch.
 *
 * @param keys      the usable keys in document order
 * @param skipped   the number of JWKs in the document that could not be used (unparseable, unsupported,
 *                  private, or not for signatures)
 * @param fetchedAt when the document was fetched
 * @param document  the JWKS text it was parsed from, kept so it can be persisted; null for local secrets,
 *                  which are never persisted
 */
public record KeySet(List<VerificationKey> keys, int skipped, Instant fetchedAt, String document) {

    public KeySet {
        keys = List.copyOf(keys);
    }

    /** @return the key with this {@code kid}, or null */
    public VerificationKey byKid(String kid) {
        for (VerificationKey k : keys) {
            if (kid.equals(k.kid())) {
                return k;
            }
        }
        return null;
    }

    /**
     * For a token without {@code kid}: the only key that permits the algorithm, or null when there are none or
     * several (a verifier that tried each would turn one token into many signature checks).
     */
    public VerificationKey soleKeyFor(String jwsAlgorithm) {
        VerificationKey found = null;
        for (VerificationKey k : keys) {
            if (k.permits(jwsAlgorithm)) {
                if (found != null) {
                    return null;
                }
                found = k;
            }
        }
        return found;
    }

    /** @return the key ids, in document order; keys without an id show as an empty string */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>(keys.size());
        keys.forEach(k -> ids.add(k.kid() == null ? "" : k.kid()));
        return Collections.unmodifiableList(ids);
    }

    /** @return key ids mapped to their key types, for operators */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k.kid() == null ? "" : k.kid(),
                k.keyType() + (k.curve() == null ? "" : " " + k.curve()) + (k.alg() == null ? "" : " " + k.alg())));
        return out;
    }
}
