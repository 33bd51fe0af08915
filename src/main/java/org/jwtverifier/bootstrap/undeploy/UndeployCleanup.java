package org.jwtverifier.bootstrap.undeploy;

import java.time.Duration;

/**
 * What the web application has to undo beyond closing its own objects, so that an undeploy leaves nothing of it
 * reachable from the container's threads or the JDK (the list, with the reason and the test for each, is in
 * {@code package-info.java}).
 */
public final class UndeployCleanup {
    /** How long to wait, at most, for Ehcache's pool threads to end after their cache managers closed. */
    static final Duration EHCACHE_THREADS_BOUND = Duration.ofSeconds(5);

    private UndeployCleanup() {
    }

    /**
     * Call last in {@code contextDestroyed}, once every cache manager and persistent store of the web application
     * is closed: the order matters, as the disk tier's flush thread must have nothing left to flush.
     *
     * @param application the web application's class loader
     */
    public static void afterEverythingClosed(ClassLoader application) {
        EhcacheDiskFlushThread.stop(application);
        EhcacheThreads.awaitEnd(application, EHCACHE_THREADS_BOUND);
        RecordMethodCaches.release();
    }
}
