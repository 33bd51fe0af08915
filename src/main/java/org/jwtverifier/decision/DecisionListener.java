package org.jwtverifier.decision;

/** Told of every decision, for counters. Must be cheap and must not throw. */
@FunctionalInterface
public interface DecisionListener {

    /**
     * @param decision     what was decided
     * @param elapsedNanos how long deciding took
     */
    void decided(Decision decision, long elapsedNanos);

    DecisionListener NONE = (decision, elapsedNanos) -> {
    };
}
