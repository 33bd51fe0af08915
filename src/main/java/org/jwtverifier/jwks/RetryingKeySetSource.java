package org.jwtverifier.jwks;

import java.time.Duration;

/**
 * Tries a failed load once more after a short pause, so one dropped connection does not count as an outage.
 * Runs only on background refresh threads; the request path never sleeps here.
 */
public final class RetryingKeySetSource implements KeySetSource {
    private final KeySetSource delegate;
    private final Duration pause;

    public RetryingKeySetSource(KeySetSource delegate, Duration pause) {
        this.delegate = delegate;
        this.pause = pause;
    }

    @Override
    public KeySet load() throws KeySourceException {
        try {
            return delegate.load();
        } catch (KeySourceException first) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw first;
            }
            return delegate.load();
        }
    }

    @Override
    public boolean changedSince(KeySet keySet) {
        return delegate.changedSince(keySet);
    }

    @Override
    public String persistenceIdentity() {
        return delegate.persistenceIdentity();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
