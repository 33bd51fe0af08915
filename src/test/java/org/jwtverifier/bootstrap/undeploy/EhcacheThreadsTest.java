package org.jwtverifier.bootstrap.undeploy;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EhcacheThreadsTest {

    private static Thread ending(String name, ClassLoader loader, long millis, CountDownLatch started) {
        Thread thread = new Thread(() -> {
            started.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setContextClassLoader(loader);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void waitsUntilTheApplicationsEhcacheThreadsHaveEnded() throws InterruptedException {
        ClassLoader application = new URLClassLoader(new URL[0]);
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = ending("Ehcache [_default_]-0", application, 300, started);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        EhcacheThreads.awaitEnd(application, Duration.ofSeconds(5));
        assertFalse(worker.isAlive(), "returned while the thread still ran");
    }

    @Test
    void leavesOtherThreadsAloneAndKeepsToItsBound() throws InterruptedException {
        ClassLoader application = new URLClassLoader(new URL[0]);
        ClassLoader other = new URLClassLoader(new URL[0]);
        CountDownLatch started = new CountDownLatch(3);
        Thread otherApplication = ending("Ehcache [_default_]-0", other, 5_000, started);
        Thread notEhcache = ending("jwt-verifier/x-key-refresh", application, 5_000, started);
        Thread stuck = ending("Ehcache [_default_]-1", application, 5_000, started);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        long begin = System.nanoTime();
        EhcacheThreads.awaitEnd(application, Duration.ofMillis(200));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        assertTrue(waitedMillis < 2_000, "waited " + waitedMillis + " ms for a 200 ms bound");
        assertTrue(otherApplication.isAlive() && notEhcache.isAlive() && stuck.isAlive());
        for (Thread t : new Thread[]{otherApplication, notEhcache, stuck}) {
            t.interrupt();
        }
    }
}
