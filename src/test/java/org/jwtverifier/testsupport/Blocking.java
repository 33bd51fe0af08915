package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A blocking call of a test (an HTTP exchange, a wait for a process) without its checked exceptions. */
public final class Blocking {
    private Blocking() {
    }

    /** A call that blocks on I/O or waits. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * @return what {@code call} returns
     * @throws UncheckedIOException for an {@link IOException}
     * @throws IllegalStateException for an interruption, with the thread's interrupt flag set again
     */
    public static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
