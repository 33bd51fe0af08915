package org.jwtverifier.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling with a deadline instead of sleeping: returns as soon as the condition holds, fails when time is up. */
public final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every 50 ms until it holds; fails with {@code what} (evaluated at the end, so it can
     * describe the last state seen) when {@code timeout} passes.
     *
     * @return how long it took
     */
    public static Duration until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what.get());
            }
            pause(50);
        }
    }

    /** Sleeps, failing the test when interrupted. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
