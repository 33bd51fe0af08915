package org.jwtverifier.runtime;

/** The deployment is stopping: there is no assembly to use any more. Answered with 503, never a 500. */
public final class RuntimeStoppedException extends IllegalStateException {
    public RuntimeStoppedException() {
        super("the verifier is stopping");
    }
}
