package org.jwtverifier.token;

import java.util.Map;
import java.util.Objects;
import org.jwtverifier.jwks.VerificationKey;
import org.jwtverifier.verdict.Reason;

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
     * A token that was rejected: a verdict on the token.
     *
     * @param reason why
     * @param issuer the issuer it named, when known and configured, else null
     * @param kid    its key id, when known, else null
     */
    record Rejected(Reason reason, String issuer, String kid) implements Verification {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A token that could not be verified, because its issuer holds no usable keys and none could be had in time:
     * no verdict on the token, which may well be valid (so it is never cached, and the request may be tried again).
     *
     * @param issuer the configured issuer it named
     * @param kid    its key id, or null
     */
    record Unavailable(String issuer, String kid) implements Verification {

        public Unavailable {
            Objects.requireNonNull(issuer, "issuer");
        }
    }
}
