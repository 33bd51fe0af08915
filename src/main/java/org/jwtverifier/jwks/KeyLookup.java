package org.jwtverifier.jwks;

/** The outcome of looking up the key for one token header. */
public sealed interface KeyLookup {

    /** A key that may verify the token. */
    record Found(VerificationKey key) implements KeyLookup {
    }

    /** No key with the token's {@code kid} (or, without a {@code kid}, no single key for its algorithm). */
    record UnknownKey() implements KeyLookup {
    }

    /** The key exists but its type, {@code alg}, {@code use} or {@code key_ops} rule out the token's algorithm. */
    record Unusable() implements KeyLookup {
    }
}
