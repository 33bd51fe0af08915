package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.TomcatManager;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Configuration reloads through the real JMX connector while clients keep sending {@code /verify} with valid
 * tokens (one repeated, and new ones), and {@code /metrics}, {@code /ready} and the TokenCache bean are read: 40 reloads in about 20 s. Every
 * answer must be a 200, and Tomcat's logs of that run must hold no stack trace: before the fix, a request that
 * picked the configuration just before a reload met its closed token cache
 * ({@code IllegalStateException: State is UNINITIALIZED}) and got a 500.
 */
class ReloadUnderLoadIT extends DeployedVerifierTest {
    private static final int RELOADS = 40;
    private static final long PAUSE_BETWEEN_RELOADS_MILLIS = 450;
    private static final int VERIFY_CLIENTS = 8;

    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        return TestConfig.create().freshKeyStore("ReloadUnderLoadIT").issuer(idp).war("ReloadUnderLoadIT");
    }

    @Test
    void reloadWhenClientsVerifyAndScrapeThenEveryAnswerIs200AndTomcatLogsNoStackTrace() throws Exception {
        VerifierClient probe = new VerifierClient();
        HttpResponse<String> ready = probe.awaitOk("/ready", Duration.ofSeconds(20));
        assertEquals(200, ready.statusCode(), () -> describe(ready));
        String token = idp.mint(Alg.RS256, AUDIENCE, "alice", null);
        HttpResponse<String> first = probe.verify(token);
        assertEquals(200, first.statusCode(), () -> describe(first));
        Map<Path, Integer> logLengths = logLengths();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong verified = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(VERIFY_CLIENTS + 2);
        List<Future<?>> load = new ArrayList<>();
        try (RemoteJmx jmx = RemoteJmx.connect(); RemoteJmx reader = RemoteJmx.connect()) {
            // The load stops (inner finally) before the JMX connections it reads through are closed.
            try {
                for (int i = 0; i < VERIFY_CLIENTS; i++) {
                    VerifierClient client = new VerifierClient();
                    // Half the clients repeat one token (cache hits), half send a new one each time (a miss, a
                    // signature check, then a cache put): both meet the token cache of the configuration they began with.
                    boolean fresh = i % 2 == 1;
                    load.add(threads.submit(() -> {
                        while (!stop.get()) {
                            String t = fresh ? idp.mint(Alg.ES256, AUDIENCE, "bob", null) : token;
                            record(failures, "/verify", () -> client.verify(t), verified);
                        }
                    }));
                }
                VerifierClient scraper = new VerifierClient();
                load.add(threads.submit(() -> {
                    while (!stop.get()) {
                        record(failures, "/metrics", () -> scraper.get("/metrics"), reads);
                        record(failures, "/ready", () -> scraper.get("/ready"), reads);
                    }
                }));
                ObjectName tokenCache = RemoteJmx.tokenCache();
                load.add(threads.submit(() -> {
                    while (!stop.get()) {
                        try {
                            reader.getLong(tokenCache, "Size");
                            reader.get(tokenCache, "HitRatio");
                            reads.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add("TokenCache: " + e);
                        }
                    }
                }));

                ObjectName configuration = RemoteJmx.configuration();
                for (int i = 1; i <= RELOADS; i++) {
                    String outcome = (String) jmx.invoke(configuration, "reload");
                    assertTrue(outcome.startsWith("reloaded: 1 issuer(s)"), "reload " + i + ": " + outcome);
                    Await.pause(PAUSE_BETWEEN_RELOADS_MILLIS);
                }
            } finally {
                stop.set(true);
                for (Future<?> f : load) {
                    f.get(60, TimeUnit.SECONDS);
                }
                threads.shutdownNow();
            }
        }

        assertEquals(0, failures.size(), () -> failures.size() + " failed answers during " + RELOADS
                + " reloads (of " + verified + " verified), the first: " + failures.stream().limit(5).toList());
        assertTrue(verified.get() > RELOADS && reads.get() > RELOADS, "the load ran: " + verified + " " + reads);
        // Tomcat's file handlers write asynchronously: give them a moment before reading what this run logged.
        Await.pause(1_000);
        List<String> suspicious = newLogLines(logLengths).stream()
                .filter(l -> l.contains("Exception") || l.startsWith("\tat ") || l.contains("UNINITIALIZED")
                        || l.contains("still using the previous configuration"))
                .limit(20).toList();
        assertEquals(List.of(), suspicious, "Tomcat's log lines during the reloads");
    }

    private interface Call {
        HttpResponse<String> send();
    }

    private static void record(Queue<String> failures, String what, Call call, AtomicLong ok) {
        try {
            HttpResponse<String> r = call.send();
            if (r.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                failures.add(what + " " + r.statusCode() + " " + briefly(r.body()));
            }
        } catch (RuntimeException e) {
            failures.add(what + " " + e);
        }
    }

    /** A body in one line: the exception of Tomcat's error page if there is one, else the start of the text. */
    private static String briefly(String body) {
        int pre = body.indexOf("<pre>");
        String text = pre < 0 ? body.strip() : body.substring(pre + "<pre>".length());
        int end = text.indexOf('\n');
        text = end < 0 ? text : text.substring(0, end);
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** The line count of each of Tomcat's log files now. */
    private static Map<Path, Integer> logLengths() throws IOException {
        Map<Path, Integer> lengths = new TreeMap<>();
        for (Path f : logFiles()) {
            lengths.put(f, Files.readAllLines(f, StandardCharsets.UTF_8).size());
        }
        return lengths;
    }

    /** The lines Tomcat's log files gained since {@code before} (files created since count whole). */
    private static List<String> newLogLines(Map<Path, Integer> before) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : logFiles()) {
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            lines.addAll(all.subList(Math.min(before.getOrDefault(f, 0), all.size()), all.size()));
        }
        return lines;
    }

    private static List<Path> logFiles() {
        Path logs = TomcatManager.tomcatDir().resolve("logs");
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logs, e);
        }
    }
}
