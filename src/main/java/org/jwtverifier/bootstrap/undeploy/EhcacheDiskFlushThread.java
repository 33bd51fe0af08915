package org.jwtverifier.bootstrap.undeploy;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops the thread on which Ehcache's disk tier forces freed pages to disk.
 *
 * <p>Ehcache's disk tier (its shaded Terracotta offheap-store) runs those writes on a single-thread executor held in
 * a static field of {@code MappedPageSource} ("MappedByteBufferSource Async Flush Thread"), which nothing ever
 * stops: the thread, started by the first freed page, outlives an undeploy and keeps this web application's class
 * loader (Tomcat's {@code findleaks} reports it). The class belongs to this web application, so stopping it touches
 * nothing shared with other applications.
 */
final class EhcacheDiskFlushThread {
    private static final Logger LOG = Logger.getLogger(EhcacheDiskFlushThread.class.getName());
    private static final String PAGE_SOURCE =
            "org.ehcache.shadow.org.terracotta.offheapstore.disk.paging.MappedPageSource";

    private EhcacheDiskFlushThread() {
    }

    /**
     * Lets the thread finish what is queued, then stops it. Only after every persistent store of this web
     * application is closed: a disk tier opened afterwards by the same class loader could not flush any more.
     *
     * @param loader the web application's class loader, which loaded Ehcache
     */
    static void stop(ClassLoader loader) {
        try {
            Class<?> pageSource = Class.forName(PAGE_SOURCE, false, loader);
            Field retryerField = pageSource.getDeclaredField("ASYNC_FLUSH_EXECUTOR");
            retryerField.setAccessible(true);
            Object retryer = retryerField.get(null);
            Field executorField = retryer.getClass().getDeclaredField("executor");
            executorField.setAccessible(true);
            ExecutorService executor = (ExecutorService) executorField.get(retryer);
            executor.shutdown();
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Cannot stop Ehcache's disk flush thread; it may keep this web application in memory"
                    + " after an undeploy: {0}", e.toString());
        }
    }
}
