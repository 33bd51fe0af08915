package org.jwtverifier.testsupport;

/** Closing what a test opened, whatever part of it failed to open. */
public final class Closing {
    private Closing() {
    }

    /**
     * Closes each resource that is not null, in the order given (a resource before what it depends on), and each
     * even when one before it fails; then throws the first failure, the later ones suppressed in it.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + resource, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
