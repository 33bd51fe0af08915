package org.jwtverifier.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A thread's place in the {@value #TOKENS} distinct tokens a benchmark cycles through, so that no layer can answer
 * from memory. One per thread: the benchmarks' other state is shared, and a shared counter would time contention.
 */
@State(Scope.Thread)
public class TokenCursor {
    /** How many distinct tokens a benchmark mints and cycles: a power of two, so the cursor wraps with a mask. */
    static final int TOKENS = 1024;

    private int next;

    /** @return the index of the next token, from 0 to {@link #TOKENS} - 1 and round again */
    int next() {
        int i = next;
        next = (i + 1) & (TOKENS - 1);
        return i;
    }
}
