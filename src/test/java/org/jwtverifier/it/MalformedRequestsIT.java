package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.e2e.RawHttpConnection;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.GarbageTokens;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.MalformedRequests;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No answer of the verifier's Tomcat is ever a 5xx, whatever arrives: a few thousand seeded malformed requests
 * ({@link MalformedRequests}, tokens from {@link GarbageTokens}) from a trusted peer (127.0.0.1) and an untrusted one
 * (127.0.0.2), against a configuration that takes tokens from a cookie and the query too. Tomcat's own 400 for what
 * it cannot parse is an answer like any 4xx. No body names an exception or shows a stack trace or a token, every
 * 401 carries an RFC 6750 §3 challenge, and afterwards no log file of that Tomcat holds any token sent. The seed is
 * printed; {@code -Djwtverifier.fuzz.seed=N} replays a run.
 */
class MalformedRequestsIT extends DeployedVerifierTest {
    static final String AUDIENCE = "api.example.com";
    static final String TOKEN_NAME = "access_token";
    static final int REQUESTS = 3000;
    /** On a machine too busy to send all of them in time, at least this many must have been sent and checked. */
    static final int MIN_REQUESTS = 1000;
    static final int THREADS = 4;
    static final Duration TIME_LIMIT = Duration.ofSeconds(50);
    static final Set<String> RFC6750_ERRORS = Set.of("invalid_request", "invalid_token", "insufficient_scope");
    /** An exception class name, a stack frame, or a JVM type name: nothing a client should be shown. */
    static final Pattern INTERNALS = Pattern.compile(
            "Exception|Throwable|\\bat [a-zA-Z_$][\\w$]*\\.[\\w$.]+\\(|\\b(java|javax|jakarta|org|com|sun)\\.[a-z]\\w*\\.[\\w.$]+");

    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com/malformed"));
        Path config = TestConfig.create()
                .top("trustedProxies: [\"127.0.0.1/32\"]")
                .top("defaultPolicy: {access: protected, tokenCookie: " + TOKEN_NAME + ", tokenQueryParameter: "
                        + TOKEN_NAME + "}")
                .top("routes:")
                .top("  - {name: assets, pathPrefix: /assets/, access: public}")
                .top("  - {name: actuator, pathPrefix: /actuator, access: deny}")
                .top("  - {name: admin, pathPrefix: /admin, scopes: [admin]}")
                .top("  - {name: ui, pathPrefix: /ui, tokenCookie: " + TOKEN_NAME + ", tokenQueryParameter: "
                        + TOKEN_NAME + "}")
                .issuer(idp)
                .write("MalformedRequestsIT");
        return Deployments.war(config);
    }

    @Test
    void verifyWhenRequestsAreMalformedThenNoAnswerIsA5xxAndNoLogHoldsAToken() throws Exception {
        long seed = Long.getLong("jwtverifier.fuzz.seed", System.nanoTime());
        System.out.println("MalformedRequestsIT seed: " + seed + " (replay with -Djwtverifier.fuzz.seed=" + seed + ")");
        int port = Integer.parseInt(System.getProperty("jwtverifier.it.http.port"));
        Path logs = Path.of(System.getProperty("jwtverifier.it.tomcat.dir"), "logs");
        Map<Path, Long> logsBefore = LogFiles.mark(logs);
        String valid = idp.mint(Alg.EdDSA, AUDIENCE, "alice", "alice@example.com");
        GarbageTokens garbage = new GarbageTokens(idp.key(Alg.EdDSA), idp.issuer(), AUDIENCE, valid);

        Set<String> sent = ConcurrentHashMap.newKeySet();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    MalformedRequests requests = new MalformedRequests(seed + worker, "/jwt-verifier/verify", TOKEN_NAME,
                            garbage);
                    // Even workers are a trusted proxy, odd ones a peer outside trustedProxies.
                    String peer = worker % 2 == 0 ? "127.0.0.1" : "127.0.0.2";
                    for (int i = worker; i < REQUESTS && System.nanoTime() < deadline; i += THREADS) {
                        MalformedRequests.Request request = requests.next();
                        sent.addAll(request.tokens());
                        RawHttpConnection.Response r = exchange(port, peer, request);
                        done.incrementAndGet();
                        if (r == null) {
                            unanswered.incrementAndGet();
                            continue;
                        }
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        check(r, request, "worker " + worker + " #" + i + " from " + peer).ifPresent(problems::add);
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("MalformedRequestsIT: " + done.get() + " requests, statuses " + new TreeMap<>(statuses)
                + ", closed without an answer: " + unanswered.get());

        Set<String> segments = LogFiles.segmentsOf(sent);
        // Tomcat writes its log files from a queue: give a late line a moment to arrive.
        List<String> found = LogFiles.segmentFindingsWithin(Duration.ofSeconds(3), logs, segments, logsBefore);
        List<String> leaks = found;

        assertAll(
                () -> assertEquals(List.of(), problems.subList(0, Math.min(problems.size(), 20)),
                        () -> problems.size() + " bad answers (seed " + seed + ")"),
                () -> assertEquals(List.of(), leaks.subList(0, Math.min(leaks.size(), 20)),
                        () -> leaks.size() + " token segments in the test Tomcat's logs (seed " + seed + ")"),
                () -> assertTrue(done.get() >= MIN_REQUESTS, () -> "only " + done.get() + " requests within " + TIME_LIMIT),
                () -> assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0,
                        "no request was admitted: the generator never reached the verifier's happy path"),
                () -> assertTrue(statuses.getOrDefault(401, new AtomicInteger()).get() > 0, "no 401 at all"));
    }

    /** @return the response, or null when the server closed the connection without one */
    private static RawHttpConnection.Response exchange(int port, String peer, MalformedRequests.Request request) {
        try (RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port, peer)) {
            RawHttpConnection.Response r = c.exchangeBytes(request.bytes(), request.head());
            while (r.status() == 100) {
                r = c.readResponse(request.head());
            }
            return r;
        } catch (UncheckedIOException closed) {
            return null;
        }
    }

    private static java.util.Optional<String> check(RawHttpConnection.Response r, MalformedRequests.Request request,
                                                    String where) {
        String what = where + " [" + request.summary() + "] -> " + r.statusLine();
        if (r.status() >= 500 && !protocolRefusal(r, request)) {
            return java.util.Optional.of("5xx: " + what + " " + r.headers() + " body=" + abbreviate(r.bodyText()));
        }
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher internals = INTERNALS.matcher(body);
        if (internals.find()) {
            int from = Math.max(0, internals.start() - 120);
            return java.util.Optional.of("internals in the body ('" + internals.group() + "'): " + what + " body=…"
                    + body.substring(from, Math.min(body.length(), internals.end() + 120)) + "…");
        }
        for (String segment : LogFiles.segmentsOf(request.tokens())) {
            if (body.contains(segment) || r.headers().toString().contains(segment)) {
                return java.util.Optional.of("token echoed: " + what);
            }
        }
        if (r.status() == 401) {
            List<String> challenges = r.all("WWW-Authenticate");
            if (challenges.size() != 1) {
                return java.util.Optional.of("401 with " + challenges.size() + " challenges: " + what);
            }
            try {
                Challenge c = Challenge.parse(challenges.get(0));
                String error = c.param("error");
                if (!"Bearer".equals(c.scheme()) || !"jwt-verifier".equals(c.param("realm"))
                        || (error != null && !RFC6750_ERRORS.contains(error))) {
                    return java.util.Optional.of("401 without an RFC 6750 challenge: " + what + " " + challenges);
                }
            } catch (IllegalArgumentException e) {
                return java.util.Optional.of("401 with an unparseable challenge: " + what + " " + challenges);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The two 5xx answers HTTP itself prescribes for a request the server cannot even frame, which Tomcat gives
     * before any application sees the request: 505 for an HTTP version other than 1.0 and 1.1 (RFC 9110 §15.6.6),
     * 501 for a transfer coding it does not implement (RFC 9112 §6.1). Allowed exactly for such requests, and only
     * when the answer is Tomcat's (the verifier marks every answer of its own {@code Cache-Control: no-store}).
     */
    private static boolean protocolRefusal(RawHttpConnection.Response r, MalformedRequests.Request request) {
        boolean tomcats = r.all("Cache-Control").stream().noneMatch(v -> v.contains("no-store"));
        boolean otherVersion = !request.version().equals("HTTP/1.1") && !request.version().equals("HTTP/1.0");
        return tomcats && ((r.status() == 505 && otherVersion) || (r.status() == 501 && request.unknownTransferCoding()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "…";
    }
}
