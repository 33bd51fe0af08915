package org.jwtverifier.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * IdP outages after a first successful fetch, the three ways an IdP fails (HTTP 500, a connection that never
 * answers, a 200 with garbage), each on its own issuer at the same time: tokens signed with known keys keep
 * passing past the TTL until maxStale, every request is answered within a bound (none waits on the dead IdP),
 * after maxStale they get 503 with Retry-After, and {@code /ready} reports stale, then not ready. When the IdP is
 * back, the issuer recovers by itself. The three IdPs are issuers of the suite's configuration of their own.
 */
final class KeyOutageCases implements AutoCloseable {

    static final long TTL_MS = 2_000;
    static final long MAX_STALE_MS = 8_000;
    /** Scheduling slack around the TTL and max-stale edges (1 s background tick, request timing). */
    static final long SLACK_MS = 1_200;
    static final Duration BOUND = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TestIdp> idps = new LinkedHashMap<>();

    /** Starts one IdP per way of failing and adds each to {@code config} as an issuer with short key timings. */
    KeyOutageCases(TestConfig config) {
        for (String mode : List.of("http-500", "hang", "garbage")) {
            TestIdp idp = TestIdp.start();
            idps.put(mode, idp);
            config.issuer(idp, "keyCacheTtl: 2s", "refreshAhead: 500ms", "minRefreshInterval: 1s", "maxStale: 8s");
        }
    }

    List<String> issuers() {
        return idps.values().stream().map(TestIdp::issuer).toList();
    }

    @Override
    public void close() {
        idps.values().forEach(TestIdp::close);
    }

    record Answer(long atMillis, int status, long tookMillis, boolean retryAfter) {
    }

    record Readiness(long atMillis, int status, JsonNode body) {
        JsonNode issuer(String issuer) {
            for (JsonNode n : body.path("issuers")) {
                if (issuer.equals(n.path("issuer").asText())) {
                    return n;
                }
            }
            throw new AssertionError("/ready does not list " + issuer + ": " + body);
        }
    }

    void knownKeysServeUntilMaxStaleThen503AndReadyFollows(VerifierClient client, Supplier<RemoteJmx> connect)
            throws Exception {
        Map<String, Consumer<TestIdp>> failures = Map.of(
                "http-500", TestIdp::failWith500,
                "hang", TestIdp::hang,
                "garbage", TestIdp::serveGarbage);
        Map<String, String> expectedError = Map.of(
                "http-500", "HTTP 500",
                "hang", "timed out",
                "garbage", "not JSON");
        try (RemoteJmx jmx = connect.get()) {
            for (TestIdp idp : idps.values()) {
                ObjectName bean = RemoteJmx.keyStore(idp.issuer());
                Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                        () -> idp.issuer() + " never got keys");
                assertAdmitted(client.verify(idp.mint(Alg.ES256, AUDIENCE, "before", null)), "before", null);
            }
            HttpResponse<String> readyBefore = client.get("/ready");
            assertEquals(200, readyBefore.statusCode(), () -> describe(readyBefore));

            idps.forEach((mode, idp) -> failures.get(mode).accept(idp));
            long start = System.currentTimeMillis();

            Map<String, List<Answer>> answers = new LinkedHashMap<>();
            idps.keySet().forEach(mode -> answers.put(mode, new ArrayList<>()));
            List<Readiness> readiness = new ArrayList<>();
            long deadline = start + MAX_STALE_MS + 15_000;
            int round = 0;
            while (System.currentTimeMillis() < deadline) {
                for (Map.Entry<String, TestIdp> e : idps.entrySet()) {
                    String token = e.getValue().mint(Alg.ES256, AUDIENCE, "user-" + round, null);
                    long before = System.currentTimeMillis();
                    HttpResponse<String> r = client.verify(token);
                    long took = System.currentTimeMillis() - before;
                    answers.get(e.getKey()).add(new Answer(before - start, r.statusCode(), took,
                            r.headers().firstValue("Retry-After").isPresent()));
                }
                if (round % 2 == 0) {
                    HttpResponse<String> r = client.get("/ready");
                    readiness.add(new Readiness(System.currentTimeMillis() - start, r.statusCode(), JSON.readTree(r.body())));
                }
                boolean allUnavailable = answers.values().stream().allMatch(list -> list.size() >= 2
                        && list.get(list.size() - 1).status() == 503 && list.get(list.size() - 2).status() == 503);
                if (allUnavailable && readiness.get(readiness.size() - 1).status() == 503) {
                    break;
                }
                round++;
                Await.pause(250);
            }

            for (Map.Entry<String, TestIdp> e : idps.entrySet()) {
                String mode = e.getKey();
                TestIdp idp = e.getValue();
                ObjectName bean = RemoteJmx.keyStore(idp.issuer());
                // The last good fetch: max-stale counts from there.
                long fetchedAt = ((java.util.Date) jmx.get(bean, "LastRefresh")).getTime() - start;
                List<Answer> list = answers.get(mode);
                String trace = mode + " (last good fetch at " + fetchedAt + " ms): " + list;

                for (Answer a : list) {
                    if (a.tookMillis() >= BOUND.toMillis()) {
                        fail(mode + ": a request took " + a.tookMillis() + " ms; " + trace);
                    }
                    if (a.status() == 200) {
                        assertTrue(a.atMillis() < fetchedAt + MAX_STALE_MS + SLACK_MS, () -> "admitted past maxStale: " + trace);
                    } else {
                        assertEquals(503, a.status(), () -> "only 200 or 503 during an outage: " + trace);
                        assertTrue(a.retryAfter(), () -> "503 without Retry-After: " + trace);
                        assertTrue(a.atMillis() > fetchedAt + MAX_STALE_MS - SLACK_MS, () -> "503 before maxStale: " + trace);
                    }
                }
                assertTrue(list.stream().anyMatch(a -> a.status() == 200 && a.atMillis() > fetchedAt + TTL_MS + SLACK_MS),
                        () -> "no token admitted on stale keys (past the TTL): " + trace);
                assertEquals(503, list.get(list.size() - 1).status(), () -> "never 503 after maxStale: " + trace);

                // A hanging fetch ends at readTimeout (3s, then once more after 200 ms): wait for its outcome.
                Await.until(Duration.ofSeconds(10), () -> {
                    String error = (String) jmx.get(bean, "LastError");
                    return error != null && error.contains(expectedError.get(mode));
                }, () -> mode + ": LastError " + jmx.get(bean, "LastError"));
                assertTrue(jmx.getLong(bean, "FetchFailureCount") > 0, mode + ": failed fetches counted");
                assertTrue(jmx.getLong(bean, "StaleServedCount") > 0, mode + ": stale lookups counted");
                assertFalse((Boolean) jmx.get(bean, "Usable"), mode + ": not usable after maxStale");

                assertTrue(readiness.stream().anyMatch(r -> r.status() == 200 && r.issuer(idp.issuer()).path("stale").asBoolean()
                                && r.issuer(idp.issuer()).path("usable").asBoolean()),
                        () -> mode + ": /ready never reported stale but ready: " + readiness);
                Readiness last = readiness.get(readiness.size() - 1);
                assertEquals(503, last.status(), () -> "/ready after maxStale: " + last);
                assertFalse(last.issuer(idp.issuer()).path("usable").asBoolean(), () -> "/ready after maxStale: " + last);
                assertFalse(last.body().path("ready").asBoolean(), () -> "/ready after maxStale: " + last);
            }
            answers.forEach((mode, list) -> System.out.printf(
                    "key outage %s: %d requests, last 200 at %d ms, first 503 at %d ms, slowest %d ms%n", mode,
                    list.size(), list.stream().filter(a -> a.status() == 200).mapToLong(Answer::atMillis).max().orElse(-1),
                    list.stream().filter(a -> a.status() == 503).mapToLong(Answer::atMillis).min().orElse(-1),
                    list.stream().mapToLong(Answer::tookMillis).max().orElse(-1)));

            // The IdPs are back: each issuer recovers by itself (background retries), no operator needed.
            idps.values().forEach(TestIdp::restore);
            for (TestIdp idp : idps.values()) {
                ObjectName bean = RemoteJmx.keyStore(idp.issuer());
                Await.until(Duration.ofSeconds(40), () -> (Boolean) jmx.get(bean, "Usable"),
                        () -> idp.issuer() + " did not recover: " + jmx.get(bean, "LastError"));
                assertAdmitted(client.verify(idp.mint(Alg.ES256, AUDIENCE, "after", null)), "after", null);
            }
            HttpResponse<String> readyAfter = client.awaitOk("/ready", Duration.ofSeconds(10));
            assertEquals(200, readyAfter.statusCode(), () -> describe(readyAfter));
        }
    }
}
