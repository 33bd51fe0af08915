package org.jwtverifier.jwks;

import java.time.Clock;
import java.time.Instant;

/** Fetches a JWKS document and parses it; a document with no usable key at all counts as a failure. */
public final class FetchingKeySetSource implements KeySetSource {
    private final String issuer;
    private final JwksFetcher fetcher;
    private final KeySetParser parser;
    private final Clock clock;
    private final KeySourceListener listener;

    public FetchingKeySetSource(String issuer, JwksFetcher fetcher, KeySetParser parser, Clock clock,
                                KeySourceListener listener) {
        this.issuer = issuer;
        this.fetcher = fetcher;
        this.parser = parser;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public KeySet load() throws KeySourceException {
        Instant now = clock.instant();
        try {
            KeySet keys = parser.parse(issuer, fetcher.fetch(), now, listener);
            if (keys.keys().isEmpty()) {
                throw new KeySourceException("JWKS holds no usable key (" + keys.skipped() + " skipped)");
            }
            listener.fetched(issuer, keys.keys().size(), keys.skipped());
            return keys;
        } catch (KeySourceException e) {
            listener.fetchFailed(issuer, e.getMessage());
            throw e;
        }
    }

    @Override
    public boolean changedSince(KeySet keySet) {
        return fetcher.changedSince(keySet.fetchedAt());
    }

    @Override
    public String persistenceIdentity() {
        return fetcher.persistenceIdentity();
    }

    @Override
    public String toString() {
        return fetcher.describe();
    }
}
