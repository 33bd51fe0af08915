package org.jwtverifier.jwks;

import java.time.Instant;

/** Reads an issuer's raw JWKS document from where it lives. Implementations bound time and size. */
public interface JwksFetcher {

    /**
     * @return the JWKS JSON text
     * @throws KeySourceException when it cannot be had; the message is short and safe to log
     */
    String fetch() throws KeySourceException;

    /** Whether the document may have changed since it was fetched; a local file answers from its timestamp. */
    default boolean changedSince(Instant fetchedAt) {
        return false;
    }

    /** A short description for logs and JMX. */
    String describe();
}
