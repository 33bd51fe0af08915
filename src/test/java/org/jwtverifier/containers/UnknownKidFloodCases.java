package org.jwtverifier.containers;

import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;

/**
 * A flood of tokens with random unknown kids against an issuer with the default {@code minRefreshInterval} (30s):
 * 500 requests from 16 concurrent clients cause at most one JWKS fetch, each is answered 401 at once, and valid
 * tokens sent meanwhile keep being admitted, each within a bound. Twice: right after the keys were fetched (no
 * forced refresh allowed: every one is rate-limited) and once the interval has passed (one forced refresh, shared).
 * The two phases are two steps of the suite, so that the other steps between them use up most of the interval.
 */
final class UnknownKidFloodCases implements AutoCloseable {

    static final int FLOOD = 500;
    static final int CONCURRENCY = 16;
    static final Duration BOUND = Duration.ofSeconds(2);
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Phase 1 needs the flood to end within the interval: a fetch longer ago than this is made afresh first. */
    static final Duration FRESH_ENOUGH = Duration.ofSeconds(10);

    private final TestIdp idp = TestIdp.start();

    /** Adds the flooded IdP to {@code config}, every key cache setting at its default. */
    UnknownKidFloodCases(TestConfig config) {
        // Every key cache setting at its default: TTL 5m, minRefreshInterval 30s, unknownKidWait 1s.
        config.issuer(idp);
    }

    String issuer() {
        return idp.issuer();
    }

    @Override
    public void close() {
        idp.close();
    }

    record Outcome(int status, String description, long millis) {
    }

    /** 1. Right after a fetch: no forced refresh is allowed, every unknown kid is turned away. */
    void floodWithinMinRefreshIntervalFetchesNothing(VerifierClient client, Supplier<RemoteJmx> connect)
            throws Exception {
        try (RemoteJmx jmx = connect.get()) {
            ObjectName bean = RemoteJmx.keyStore(idp.issuer());
            Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                    () -> "no usable keys");
            Date last = (Date) jmx.get(bean, "LastAttempt");
            if (System.currentTimeMillis() - last.getTime() > FRESH_ENOUGH.toMillis()) {
                String outcome = (String) jmx.invoke(bean, "refreshNow");
                assertTrue(outcome.startsWith("refreshed: "), outcome);
            }
            int fetches = idp.fetchCount();
            long rateLimited = jmx.getLong(bean, "RateLimitedCount");
            flood(client, "within minRefreshInterval");
            assertEquals(fetches, idp.fetchCount(), "no JWKS fetch within minRefreshInterval of the last one");
            assertEquals(rateLimited + FLOOD, jmx.getLong(bean, "RateLimitedCount"),
                    "every unknown kid's forced refresh was refused by the rate limit");
        }
    }

    /** 2. Once minRefreshInterval has passed since the last fetch: one forced refresh, shared by all. */
    void floodAfterMinRefreshIntervalFetchesOnce(VerifierClient client, Supplier<RemoteJmx> connect)
            throws Exception {
        try (RemoteJmx jmx = connect.get()) {
            ObjectName bean = RemoteJmx.keyStore(idp.issuer());
            Date last = (Date) jmx.get(bean, "LastAttempt");
            long wait = last.getTime() + MIN_REFRESH_INTERVAL.toMillis() + 200 - System.currentTimeMillis();
            System.out.printf("unknown-kid flood: %d ms left of minRefreshInterval before phase 2%n", Math.max(wait, 0));
            if (wait > 0) {
                Await.pause(wait);
            }
            int fetches = idp.fetchCount();
            long rateLimited = jmx.getLong(bean, "RateLimitedCount");
            flood(client, "after minRefreshInterval");
            int made = idp.fetchCount() - fetches;
            assertEquals(1, made, "one forced refresh for 500 unknown kids (single-flight, then rate-limited)");
            long refused = jmx.getLong(bean, "RateLimitedCount") - rateLimited;
            // The rest joined the one fetch while it was in flight, or were refused by the rate limit after it.
            assertTrue(refused > FLOOD / 2 && refused < FLOOD, "rate-limited forced refreshes: " + refused);
        }
    }

    /** 500 random-kid tokens from 16 clients while one client keeps sending valid tokens. */
    private void flood(VerifierClient client, String phase) throws Exception {
        // Signed with a key the IdP never published, under random kids (ES256: minting is cheap).
        SigningKey attacker = SigningKey.generate(Alg.ES256, "attacker");
        List<String> floodTokens = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            SigningKey randomKid = new SigningKey("kid-" + TestIdp.randomTag() + "-" + i, Alg.ES256,
                    attacker.publicKey(), attacker.privateKey());
            floodTokens.add(idp.token(randomKid).audience().add(AUDIENCE).and().subject("mallory").compact());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        ExecutorService validSender = Executors.newSingleThreadExecutor();
        AtomicBoolean flooding = new AtomicBoolean(true);
        try {
            Future<List<Outcome>> valid = validSender.submit(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                int n = 0;
                while (flooding.get() || n < 10) {
                    String token = idp.mint(Alg.RS256, AUDIENCE, "alice-" + n, null);
                    outcomes.add(send(client, token));
                    n++;
                }
                return outcomes;
            });
            long start = System.nanoTime();
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String token : floodTokens) {
                futures.add(pool.submit(() -> send(client, token)));
            }
            List<Outcome> flood = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                flood.add(f.get(60, TimeUnit.SECONDS));
            }
            long floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            flooding.set(false);
            List<Outcome> validOutcomes = valid.get(60, TimeUnit.SECONDS);

            System.out.printf("unknown-kid flood %s: %d flood requests in %d ms (slowest %d ms), %d valid (slowest %d ms)%n",
                    phase, flood.size(), floodMillis, slowest(flood), validOutcomes.size(), slowest(validOutcomes));
            Map<String, Integer> floodSummary = summary(flood);
            assertEquals(Map.of("401 The token's signing key is unknown", FLOOD), floodSummary,
                    phase + ": every random kid is refused as unknown");
            assertBounded(phase + ", flood", flood);
            assertTrue(floodMillis < 30_000, phase + ": the flood took " + floodMillis + " ms");
            assertTrue(validOutcomes.size() >= 10, phase + ": valid requests during the flood: " + validOutcomes.size());
            assertEquals(Map.of("200 ", validOutcomes.size()), summary(validOutcomes),
                    phase + ": valid tokens during the flood");
            assertBounded(phase + ", valid", validOutcomes);
        } finally {
            flooding.set(false);
            pool.shutdownNow();
            validSender.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            validSender.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static Outcome send(VerifierClient client, String token) {
        long start = System.nanoTime();
        HttpResponse<String> r = client.verify(token);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String description = r.headers().firstValue("WWW-Authenticate")
                .map(h -> Challenge.parse(h).param("error_description")).orElse("");
        return new Outcome(r.statusCode(), description, millis);
    }

    private static Map<String, Integer> summary(List<Outcome> outcomes) {
        Map<String, Integer> out = new TreeMap<>();
        outcomes.forEach(o -> out.merge(o.status() + " " + o.description(), 1, Integer::sum));
        return out;
    }

    private static long slowest(List<Outcome> outcomes) {
        return outcomes.stream().mapToLong(Outcome::millis).max().orElse(0);
    }

    private static void assertBounded(String what, List<Outcome> outcomes) {
        long slowest = slowest(outcomes);
        if (slowest >= BOUND.toMillis()) {
            fail(what + ": a request took " + slowest + " ms (bound " + BOUND.toMillis() + " ms); "
                    + outcomes.stream().filter(o -> o.millis() >= BOUND.toMillis()).count() + " over the bound");
        }
    }
}
