package org.jwtverifier.revocation;

import java.util.Objects;

/**
 * A store's state as operators see it ({@code /ready} detail, JMX, metrics). An unreachable shared store is not a
 * failure of the verifier: it keeps enforcing what it last knew.
 *
 * @param mode          {@code local} or {@code clustered}
 * @param reachable     whether the store's storage answers (always true for a local store that opened)
 * @param pendingWrites changes made on this replica not yet written to shared storage (0 for a local store)
 * @param entries       the number of entries held
 * @param detail        one line for an operator: where the entries are kept, or why not
 */
public record RevocationStoreState(String mode, boolean reachable, long pendingWrites, long entries,
                                   String detail) {
    public static final String LOCAL = "local";
    public static final String CLUSTERED = "clustered";

    public RevocationStoreState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(detail, "detail");
        if (pendingWrites < 0 || entries < 0) {
            throw new IllegalArgumentException("pendingWrites and entries must not be negative");
        }
    }
}
