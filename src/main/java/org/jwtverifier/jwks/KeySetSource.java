package org.jwtverifier.jwks;

/**
 * Produces an issuer's key set anew on each call. Implementations and decorators are small and single-purpose;
 * {@link KeyStores} assembles them in one fixed order.
 */
public interface KeySetSource {

    /**
     * @return a freshly loaded key set
     * @throws KeySourceException when none can be had now
     */
    KeySet load() throws KeySourceException;

    /**
     * Where the keys come from, exactly and in a stable form, independent of {@link #toString()} (which is for
     * logs and JMX): see {@link JwksFetcher#persistenceIdentity()}.
     */
    String persistenceIdentity();

    /** Whether the underlying document may have changed since {@code keySet} was loaded. */
    default boolean changedSince(KeySet keySet) {
        return false;
    }
}
