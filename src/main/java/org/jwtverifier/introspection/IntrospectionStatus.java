package org.jwtverifier.introspection;

/**
 * One issuer's introspection, as JMX, {@code /metrics} and {@code /ready} show it: counts since the configuration
 * was loaded, nothing of a token or a credential.
 *
 * @param issuer         the issuer
 * @param endpoint       the endpoint asked (scheme, host, path), or the discovery document it is read from
 * @param introspectJwts whether its JWTs are introspected too
 * @param calls          calls made to the endpoint
 * @param failures       calls that gave no usable answer
 * @param busy           requests answered 503 because {@code maxConcurrent} calls were in flight throughout
 *                       {@code maxWait}
 * @param hits           decisions taken from a remembered answer
 * @param misses         decisions that needed a call (made, joined, or refused)
 * @param entries        answers remembered now
 * @param inFlight       calls in flight now
 * @param lastError      the last failure, until a call succeeds again; null when the last call succeeded
 */
public record IntrospectionStatus(String issuer, String endpoint, boolean introspectJwts, long calls, long failures,
                                  long busy, long hits, long misses, long entries, int inFlight, String lastError) {

    /** @return hits over lookups, 0 before the first */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
