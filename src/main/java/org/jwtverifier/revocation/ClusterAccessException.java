package org.jwtverifier.revocation;

/**
 * A read or write of the Terracotta server that failed (timed out, connection lost, reconnecting). Thrown by
 * {@link FailingResilienceStrategy} where Ehcache's default strategy would answer a miss or drop the write.
 */
public final class ClusterAccessException extends RuntimeException {
    public ClusterAccessException(Throwable cause) {
        super(cause.getCause() == null ? cause.toString() : cause.getCause().toString(), cause);
    }
}
