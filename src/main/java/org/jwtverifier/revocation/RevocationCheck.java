package org.jwtverifier.revocation;

/**
 * The request path's question: is this verified token revoked? Asked on every decision, fresh or served from the
 * verified-token cache, so it must be a few in-memory lookups and never block on a store.
 */
@FunctionalInterface
public interface RevocationCheck {
    /** Revokes nothing: for verifiers built without revocations (tests, benchmarks). */
    RevocationCheck NONE = (issuer, jti, sub, sid, iatMillis, nowMillis) -> false;

    /**
     * @param issuer    the configured issuer the token was verified against
     * @param jti       its {@code jti}, or null
     * @param sub       its {@code sub}, or null
     * @param sid       its {@code sid}, or null
     * @param iatMillis its {@code iat} in epoch milliseconds, or null
     * @param nowMillis the decision's time
     * @return whether a revocation in force at {@code nowMillis} matches the token
     */
    boolean isRevoked(String issuer, String jti, String sub, String sid, Long iatMillis, long nowMillis);
}
