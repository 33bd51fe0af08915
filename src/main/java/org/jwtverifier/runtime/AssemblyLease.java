package org.jwtverifier.runtime;

/**
 * A hold on the assembly that was current when it was taken: a reload does not close that assembly until every
 * hold on it is released. Taken by {@link VerifierRuntime#enter()}, released by {@link #close()}; meant for one
 * thread and a try-with-resources block, and to be kept no longer than one request or one management call.
 */
public final class AssemblyLease implements AutoCloseable {
    private final VerifierAssembly assembly;
    private boolean released;

    AssemblyLease(VerifierAssembly assembly) {
        this.assembly = assembly;
    }

    public VerifierAssembly assembly() {
        return assembly;
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            assembly.leave();
        }
    }
}
