package org.jwtverifier.bootstrap.undeploy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits, for a bounded time, until the pool threads Ehcache started for this web application have ended.
 *
 * <p>Closing a cache manager shuts its thread pools down and waits for their termination, but a pool counts as
 * terminated as soon as its last worker has left its task loop, a moment before that worker's thread has ended.
 * Tomcat looks for threads the application left behind right after {@code contextDestroyed} returns; a worker
 * still finishing then shows up as a leak ("appears to have started a thread named [Ehcache [_default_]-0] but has
 * failed to stop it"), now and then. Joining those threads closes that window. Tomcat recognises the application's
 * threads by their context class loader, and so does this.
 */
final class EhcacheThreads {
    private static final Logger LOG = Logger.getLogger(EhcacheThreads.class.getName());
    private static final String NAME_PREFIX = "Ehcache [";

    private EhcacheThreads() {
    }

    /**
     * @param loader  the web application's class loader
     * @param timeout how long to wait for all of them together
     */
    static void awaitEnd(ClassLoader loader, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread == Thread.currentThread() || !thread.getName().startsWith(NAME_PREFIX)
                    || thread.getContextClassLoader() != loader) {
                continue;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.log(Level.WARNING, "Ehcache thread {0} still runs {1} after its cache was closed",
                        new Object[]{thread.getName(), timeout});
            }
        }
    }
}
