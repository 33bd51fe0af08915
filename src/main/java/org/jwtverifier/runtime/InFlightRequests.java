package org.jwtverifier.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the users of one {@link VerifierAssembly} and lets the reload that retired it wait until they are gone.
 *
 * <p>One int holds both the count and a retired flag, so entering costs one atomic add and leaving another, and
 * no lock is shared by the requests. A user that enters after the flag is set backs out at once; since the flag is
 * only set once the assembly is no longer current, it then finds the assembly that replaced it.
 */
final class InFlightRequests {
    private static final int RETIRED = 1 << 30;
    private static final int COUNT = RETIRED - 1;

    private final AtomicInteger state = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);

    /** @return true when entered (then {@link #leave()} must follow), false when the assembly is retired */
    boolean tryEnter() {
        if ((state.getAndIncrement() & RETIRED) == 0) {
            return true;
        }
        leave();
        return false;
    }

    void leave() {
        // Reaching exactly RETIRED means: retired, and nobody who entered before is left.
        if (state.decrementAndGet() == RETIRED) {
            drained.countDown();
        }
    }

    /**
     * Refuses new users, then waits until those who entered before have left. Called once per assembly.
     *
     * @return true when they all left within {@code bound}
     */
    boolean retireAndAwait(Duration bound) throws InterruptedException {
        if (state.addAndGet(RETIRED) == RETIRED) {
            drained.countDown();
        }
        return drained.await(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return the users in now (a moment's reading) */
    int count() {
        return state.get() & COUNT;
    }
}
