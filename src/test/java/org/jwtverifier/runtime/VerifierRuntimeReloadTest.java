package org.jwtverifier.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.testsupport.CapturedLog;

/**
 * Reloads against a real assembly: the test IdP's JWKS over loopback HTTP, real key stores and Ehcache token
 * cache, real tokens signed by the IdP and parsed by JJWT. Deciders use the runtime as {@code VerifyResource}
 * does (hold the current assembly for the whole decision); scrapes go through {@link VerifierMetrics} and its
 * watchers, as {@code /metrics} does.
 */
class VerifierRuntimeReloadTest {
    /** A hang guard for calls that must return: far beyond any bound used here, never a performance target. */
    private static final long HANG_GUARD_SECONDS = 120;

    @TempDir
    Path folder;

    private TestIdp idp;
    private VerifierRuntime runtime;
    private ExecutorService threads;
    @RegisterExtension
    final CapturedLog runtimeLog = CapturedLog.of(VerifierRuntime.class.getName(), null);

    @BeforeEach
    void startIdp() {
        idp = TestIdp.start();
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        if (runtime != null) {
            runtime.close();
        }
        idp.close();
    }

    private VerifierRuntime startRuntime(Duration drainBound) throws Exception {
        Path file = folder.resolve("config.yaml");
        Files.writeString(file, TestConfig.create().issuer(idp).yaml(), StandardCharsets.UTF_8);
        runtime = new VerifierRuntime(new ConfigLocator.Location(file, "test"), new ConfigParser(Clock.systemUTC())
                .parse(file), "reload-test", Clock.systemUTC(), PersistedKeySets.open(null), new VerifierMetrics(),
                drainBound);
        return runtime;
    }

    private static Decision decide(VerifierRuntime runtime, String token) {
        try (AssemblyLease lease = runtime.enter()) {
            return lease.assembly().decider().decide(ForwardAuthRequest.withAuthorization(List.of("Bearer " + token)));
        }
    }

    private List<String> warnings() {
        return runtimeLog.records().stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage)
                .toList();
    }

    @Test
    void reloadWhenManyThreadsDecideAndScrapeThenNoDecisionFailsAndEveryPreviousAssemblyIsClosed() throws Exception {
        VerifierRuntime runtime = startRuntime(VerifierRuntime.DEFAULT_DRAIN_BOUND);
        List<String> tokens = List.of(idp.mint(Alg.RS256, TestConfig.AUDIENCE, "alice", null),
                idp.mint(Alg.ES256, TestConfig.AUDIENCE, "bob", null));
        assertInstanceOf(Decision.Admitted.class, decide(runtime, tokens.get(0)),
                "the token is valid before any reload");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong admitted = new AtomicLong();
        AtomicLong scrapes = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String token = tokens.get(t % tokens.size());
            workers.add(threads.submit(() -> {
                while (!stop.get()) {
                    try {
                        Decision d = decide(runtime, token);
                        if (d instanceof Decision.Admitted) {
                            admitted.incrementAndGet();
                        } else {
                            failures.add(d.toString());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        // What /metrics does: every watcher into the current assembly, at any moment of a reload.
        workers.add(threads.submit(() -> {
            while (!stop.get()) {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    runtime.metrics().writeTo(out);
                    if (!out.toString(StandardCharsets.UTF_8).contains("jwt_verifier_token_cache_entries")) {
                        failures.add("scrape without the token cache");
                    }
                    scrapes.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    failures.add("scrape: " + e);
                }
            }
        }));

        List<VerifierAssembly> retired = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            VerifierAssembly before = runtime.current();
            String outcome = runtime.reload();
            assertTrue(outcome.startsWith("reloaded: 1 issuer(s)"), outcome);
            assertNotSame(before, runtime.current());
            retired.add(before);
        }
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }

        assertEquals(0, failures.size(), () -> failures.size() + " failed decisions or scrapes during 40 reloads,"
                + " the first: " + failures.stream().limit(5).toList());
        assertTrue(admitted.get() > 0 && scrapes.get() > 0, "the load ran: " + admitted + " " + scrapes);
        assertTrue(retired.stream().allMatch(VerifierAssembly::isClosed), "every replaced assembly is closed");
        assertFalse(runtime.current().isClosed(), "the current assembly is open");
        assertEquals(List.of(), warnings(), "no request outlived the drain bound");
    }

    @Test
    void reloadWhenAssemblyHeldThenClosesItOnlyAfterTheHoldIsReleased() throws Exception {
        VerifierRuntime runtime = startRuntime(VerifierRuntime.DEFAULT_DRAIN_BOUND);
        String token = idp.mint(Alg.RS256, TestConfig.AUDIENCE, "carol", null);
        AssemblyLease held = runtime.enter();
        VerifierAssembly previous = held.assembly();

        Future<String> reload = threads.submit(runtime::reload);
        while (runtime.current() == previous) {
            Thread.onSpinWait();
        }
        // Swapped: new requests get the new assembly, while the held one stays usable.
        assertInstanceOf(Decision.Admitted.class, decide(runtime, token));
        assertFalse(previous.isClosed(), "closed under a request in flight");
        assertInstanceOf(Decision.Admitted.class,
                previous.decider().decide(ForwardAuthRequest.withAuthorization(List.of("Bearer " + token))),
                "the held assembly still decides");
        assertFalse(reload.isDone(), "the reload waits for the hold");

        held.close();
        assertTrue(reload.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS).startsWith("reloaded: "));
        assertTrue(previous.isClosed(), "closed once released");
        assertEquals(List.of(), warnings());
    }

    @Test
    void reloadWhenARequestOutlivesTheBoundThenClosesAnywayAndSaysSo() throws Exception {
        VerifierRuntime runtime = startRuntime(Duration.ofMillis(200));
        AssemblyLease stuck = runtime.enter();
        VerifierAssembly previous = stuck.assembly();

        String outcome = threads.submit(runtime::reload).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        assertTrue(outcome.startsWith("reloaded: "), outcome);
        assertTrue(previous.isClosed(), "closed after the bound although still held");
        assertEquals(List.of("1 request(s) still using the previous configuration after PT0.2S; closing it anyway,"
                + " they may fail"), warnings());
        assertNotSame(previous, runtime.current());
        assertFalse(runtime.current().isClosed());
        stuck.close();
        assertInstanceOf(Decision.Admitted.class,
                decide(runtime, idp.mint(Alg.RS256, TestConfig.AUDIENCE, "dave", null)));
    }

    @Test
    void closeWhenAssemblyHeldThenRefusesNewHoldsAndClosesAfterTheLastOneIsReleased() throws Exception {
        VerifierRuntime runtime = startRuntime(VerifierRuntime.DEFAULT_DRAIN_BOUND);
        AssemblyLease held = runtime.enter();
        VerifierAssembly last = held.assembly();

        Future<?> close = threads.submit(runtime::close);
        while (runtime.current() != null) {
            Thread.onSpinWait();
        }
        assertThrows(RuntimeStoppedException.class, runtime::enter, "a request after the stop began");
        assertFalse(last.isClosed(), "closed under a request in flight");
        assertFalse(close.isDone(), "close waits for the hold");

        held.close();
        close.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(last.isClosed());
        assertEquals("rejected: the verifier is stopping", runtime.reload());
        runtime.close();
    }

    @Test
    void enterWhenLeaseReleasedTwiceThenCountsItOnce() throws Exception {
        VerifierRuntime runtime = startRuntime(VerifierRuntime.DEFAULT_DRAIN_BOUND);
        AssemblyLease first = runtime.enter();
        AssemblyLease second = runtime.enter();
        assertSame(first.assembly(), second.assembly());
        assertEquals(2, first.assembly().users());
        first.close();
        first.close();
        assertEquals(1, second.assembly().users(), "a second close of one lease releases nothing more");
        second.close();
        assertEquals(0, second.assembly().users());
    }
}
