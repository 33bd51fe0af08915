package org.jwtverifier.testsupport;

import org.jwtverifier.jwks.KeySet;
import org.jwtverifier.jwks.KeySetParser;
import org.jwtverifier.jwks.KeySetSource;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeySourceListener;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A key source whose JWKS document a test sets, makes fail, or holds up; counts its loads. */
public class ScriptedSource implements KeySetSource {
    private final Clock clock;
    private final KeySetParser parser = new KeySetParser();
    private final AtomicInteger loads = new AtomicInteger();
    private volatile String document;
    private volatile boolean failing;
    private volatile CountDownLatch gate;

    public ScriptedSource(Clock clock, String document) {
        this.clock = clock;
        this.document = document;
    }

    public void serve(String jwks) {
        this.document = jwks;
        this.failing = false;
    }

    public void fail() {
        this.failing = true;
    }

    /** Loads block until the returned latch is counted down. */
    public CountDownLatch hold() {
        CountDownLatch latch = new CountDownLatch(1);
        gate = latch;
        return latch;
    }

    public int loads() {
        return loads.get();
    }

    @Override
    public String toString() {
        return "scripted source";
    }

    @Override
    public String persistenceIdentity() {
        return "scripted";
    }

    @Override
    public KeySet load() throws KeySourceException {
        loads.incrementAndGet();
        CountDownLatch latch = gate;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing) {
            throw new KeySourceException("IdP answered 500");
        }
        return parser.parse("test", document, clock.instant(), KeySourceListener.NONE);
    }
}
