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

    /** A short description for logs and JMX; wording may change, and a URL's query is left out. */
    String describe();

    /**
     * Where the document comes from, exactly and in a stable form: the persisted key set of an issuer is filed
     * under it, so two sources that differ in any way (a URL's query included) never share a copy, and rewording
     * {@link #describe()} never orphans one. Changing this form discards every persisted key set of that kind of
     * source (the next fetch writes them anew).
     */
    String persistenceIdentity();
}
