package org.jwtverifier.token;

import java.util.Map;
import java.util.Objects;
import org.jwtverifier.jwks.VerificationKey;

/** The outcome of verifying one token. */
public sealed interface Verification {

    /**
     * A token whose signature and claims were verified.
     *
     * @param issuer the configured issuer it was verified against
     * @param kid    the key id of its header, or null
     * @param alg    the algorithm of its header
     * @param key    the issuer's key that verified the signature, as its key store holds it (what a cached
     *               verification is checked against later)
     * @param claims the claims set, as parsed (values are JSON types: String, Number, Boolean, List, Map)
     * @param times  its time claims with the issuer's skew, which a cached verification checks again on every hit
     */
    record Verified(String issuer, String kid, String alg, VerificationKey key, Map<String, Object> claims,
                    TimeClaims times)
            implements Verification {

        public Verified {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(times, "times");
        }
    }

    /**
     * A token that was rejected, or that could not be verified.
     *
     * @param reason why
     * @param issuer the issuer it named, when known and configured, else null
     * @param kid    its key id, when known, else null
     */
    record Rejected(Reason reason, String issuer, String kid) implements Verification {
    }
}
