package org.jwtverifier.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.revocation.RevocationIndex;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.CapturedLog;
import org.jwtverifier.testsupport.IntrospectionStub;
import org.jwtverifier.testsupport.IntrospectionStub.Reply;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.verdict.Reason;

/**
 * One issuer's introspection against a loopback endpoint that misbehaves on command: the answers, what is
 * remembered and for how long, the RFC 7662 §4 checks, failures and outages, single-flight and the concurrency
 * bound. The client is the real one, over HTTP.
 */
class IntrospectorTest {
    private static final String ISSUER = "https://idp.example";
    private static final String SECRET = "s3cr:et&=";
    private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
    private static final long NOW = START.getEpochSecond();

    private final MutableClock clock = new MutableClock(START);
    private final IntrospectionStub stub = IntrospectionStub.start();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    @RegisterExtension
    final CapturedLog log = CapturedLog.of("org.jwtverifier.introspection", Level.FINE);

    @AfterEach
    void stop() throws InterruptedException {
        stub.release();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        stub.close();
    }

    private Introspector introspector(String... settings) throws Exception {
        return introspector(RevocationCheck.NONE, settings);
    }

    private Introspector introspector(RevocationCheck revocations, String... settings) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                issuers:
                  - issuer: https://idp.example
                    jwksFile: unused.json
                    audiences: [api]
                    clockSkew: 30s
                    introspection:
                      clientId: "verifier client"
                      clientSecret: ${env:SECRET}
                """);
        yaml.append("      endpoint: ").append(stub.endpoint()).append('\n');
        for (String s : settings) {
            yaml.append("      ").append(s).append('\n');
        }
        VerifierConfig config = new ConfigParser(clock, name -> name.equals("SECRET") ? SECRET : null)
                .parse(yaml.toString(), Path.of("/etc/config.yaml"));
        return TokenIntrospection.of(config.issuerList(), revocations, clock).all().get(0);
    }

    @Test
    void anActiveAnswerIsRememberedUntilItsExpAndSentWithBasicAuthentication() throws Exception {
        stub.replies(token -> Reply.active("\"sub\":\"alice\",\"scope\":\"read write\",\"exp\":" + (NOW + 60)));
        Introspector introspector = introspector();

        IntrospectionOutcome.Active active = assertInstanceOf(IntrospectionOutcome.Active.class,
                introspector.introspect("opaque-1"));
        assertEquals("alice", active.claims().get("sub"));
        assertEquals(ISSUER, active.claims().get("iss"), "the issuer asked, where the answer names none");
        assertEquals(Map.of("token", "opaque-1", "token_type_hint", "access_token"), stub.lastForm());
        // RFC 6749 §2.3.1: each part form-encoded before joining.
        assertEquals("Basic " + Base64.getEncoder().encodeToString("verifier+client:s3cr%3Aet%26%3D"
                .getBytes(StandardCharsets.UTF_8)), stub.lastAuthorization());

        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("opaque-1"));
        assertEquals(1, stub.calls(), "the second decision is answered from memory");
        clock.advance(Duration.ofSeconds(60));
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("opaque-1"));
        assertEquals(2, stub.calls(), "remembered until exp, not past it");
        IntrospectionStatus status = introspector.status();
        assertEquals(1, status.hits());
        assertEquals(2, status.misses());
        assertEquals(1, status.entries());
    }

    @Test
    void anActiveAnswerIsRememberedAtMostMaxTtl() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 3600)));
        Introspector introspector = introspector("maxTtl: 20s", "negativeTtl: 5s");
        introspector.introspect("t");
        assertRememberedFor(introspector, "t", Duration.ofSeconds(20));
    }

    @Test
    void clientSecretPostSendsTheCredentialsInTheBodyOnly() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60)));
        introspector("clientAuthentication: client_secret_post").introspect("opaque");
        assertNull(stub.lastAuthorization());
        assertEquals(Map.of("token", "opaque", "token_type_hint", "access_token", "client_id", "verifier client",
                "client_secret", SECRET), stub.lastForm());
    }

    @Test
    void anInactiveAnswerIsRefusedAndRememberedForTheNegativeTtl() throws Exception {
        stub.replies(token -> Reply.inactive());
        Introspector introspector = introspector("negativeTtl: 10s");
        assertEquals(new IntrospectionOutcome.Rejected(Reason.INACTIVE_TOKEN, ISSUER), introspector.introspect("x"));
        assertRememberedFor(introspector, "x", Duration.ofSeconds(10));
    }

    /** The first answer for {@code token}, asked for just before, serves for {@code ttl} and is asked again then. */
    private void assertRememberedFor(Introspector introspector, String token, Duration ttl) throws Exception {
        clock.advance(ttl.minusSeconds(1));
        introspector.introspect(token);
        assertEquals(1, stub.calls(), "within " + ttl);
        clock.advance(Duration.ofSeconds(1));
        introspector.introspect(token);
        assertEquals(2, stub.calls(), "at " + ttl);
    }

    @Test
    void expAndIssAreCheckedByTheVerifierItself() throws Exception {
        stub.replies(token -> switch (token) {
            case "expired" -> Reply.active("\"exp\":" + (NOW - 31));
            case "within-skew" -> Reply.active("\"exp\":" + (NOW - 30));
            case "future" -> Reply.active("\"exp\":" + (NOW + 600) + ",\"nbf\":" + (NOW + 31));
            case "other-issuer" -> Reply.active("\"exp\":" + (NOW + 60) + ",\"iss\":\"https://evil.example\"");
            case "no-exp" -> Reply.active("\"sub\":\"bob\"");
            default -> Reply.active("\"exp\":" + (NOW + 60) + ",\"iss\":\"" + ISSUER + "\"");
        });
        Introspector introspector = introspector();
        assertEquals(new IntrospectionOutcome.Rejected(Reason.EXPIRED, ISSUER), introspector.introspect("expired"));
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("within-skew"));
        assertEquals(new IntrospectionOutcome.Rejected(Reason.NOT_YET_VALID, ISSUER),
                introspector.introspect("future"));
        assertEquals(new IntrospectionOutcome.Rejected(Reason.UNKNOWN_ISSUER, ISSUER),
                introspector.introspect("other-issuer"));
        assertEquals(new IntrospectionOutcome.Rejected(Reason.MISSING_EXPIRY, ISSUER),
                introspector.introspect("no-exp"), "requireExpiry holds for introspected tokens too");
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("same-issuer"));
    }

    @Test
    void aRememberedAnswerIsCheckedAgainOnEveryDecision() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60) + ",\"sub\":\"carol\""));
        RevocationIndex revocations = RevocationIndex.of(List.of());
        Introspector introspector = introspector(revocations, "maxTtl: 10m");
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("t"));
        revocations.added(new Revocation(Revocation.Kind.SUBJECT, ISSUER, "carol", START, START.plusSeconds(3600),
                START, "test"));
        assertEquals(new IntrospectionOutcome.Rejected(Reason.REVOKED, ISSUER), introspector.introspect("t"),
                "a revocation by sub applies to a remembered answer");
        assertEquals(1, stub.calls());
    }

    @Test
    void anAnswerThatIsNotAnRfc7662ObjectIsAFailureNeverAnAdmission() throws Exception {
        stub.replies(token -> switch (token) {
            case "500" -> new Reply(500, "{\"active\":true}");
            case "garbage" -> Reply.json("{\"active\":tru");
            case "array" -> Reply.json("[{\"active\":true}]");
            case "string-active" -> Reply.json("{\"active\":\"true\"}");
            case "no-active" -> Reply.json("{\"sub\":\"alice\"}");
            case "string-exp" -> Reply.json("{\"active\":true,\"exp\":\"" + (NOW + 60) + "\"}");
            case "huge" -> Reply.json("{\"active\":true,\"x\":\"" + "a".repeat(2000) + "\"}");
            case "twice" -> Reply.json("{\"active\":false,\"active\":true}");
            case "trailing" -> Reply.json("{\"active\":true} {\"active\":false}");
            default -> Reply.active("\"exp\":" + (NOW + 60));
        });
        Introspector introspector = introspector("maxResponseBytes: 1024");
        for (String token : List.of("500", "garbage", "array", "string-active", "no-active", "string-exp", "huge",
                "twice", "trailing")) {
            assertEquals(new IntrospectionOutcome.Unavailable(ISSUER), introspector.introspect(token), token);
        }
        assertEquals(0, introspector.status().entries(), "a failure is never remembered");
        introspector.introspect("500");
        assertEquals(10, stub.calls(), "so the next decision asks again");
        assertEquals(10, introspector.status().failures());
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("fine"));
        assertNull(introspector.status().lastError(), "cleared by the next answer");
    }

    @Test
    void aHangingEndpointTimesOutAsUnavailableAndNoLogLineNamesTheToken() throws Exception {
        stub.replies(token -> IntrospectionStub.HANG);
        Introspector introspector = introspector("connectTimeout: 200ms", "readTimeout: 200ms");
        assertEquals(new IntrospectionOutcome.Unavailable(ISSUER), introspector.introspect("secret-token-value"));
        String lines = String.join("\n", log.messages());
        assertTrue(lines.contains("timed out"), lines);
        assertFalse(lines.contains("secret-token-value"), lines);
        assertFalse(lines.contains(SECRET), lines);
        assertTrue(introspector.status().lastError().contains("timed out"));
    }

    @Test
    void duringAnOutageRememberedTokensAnswerAsRememberedAndUnknownOnesAreUnavailable() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 300)));
        Introspector introspector = introspector();
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("known"));
        stub.replies(token -> new Reply(503, ""));
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("known"));
        assertEquals(new IntrospectionOutcome.Unavailable(ISSUER), introspector.introspect("unknown"));
    }

    @Test
    void concurrentRequestsForOneTokenMakeOneCall() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60)));
        stub.hold();
        Introspector introspector = introspector("maxWait: 5s", "readTimeout: 10s");
        int n = 16;
        List<Future<IntrospectionOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(threads.submit(() -> introspector.introspect("shared")));
        }
        Await.until(Duration.ofSeconds(10), () -> introspector.status().misses() == n && stub.inFlight() == 1,
                () -> "every request waiting on the one call");
        stub.release();
        for (Future<IntrospectionOutcome> outcome : outcomes) {
            assertInstanceOf(IntrospectionOutcome.Active.class, outcome.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, stub.calls());
    }

    @Test
    void aFloodOfDistinctUnknownTokensIsBoundedTowardsTheIdp() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60)));
        stub.hold();
        Introspector introspector = introspector("maxConcurrent: 3", "maxWait: 100ms", "readTimeout: 10s");
        int n = 40;
        List<Future<IntrospectionOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = "flood-" + i;
            outcomes.add(threads.submit(() -> introspector.introspect(token)));
        }
        // The excess is answered while the three calls are still held: a bounded wait, not a queue.
        Await.until(Duration.ofSeconds(10), () -> introspector.status().busy() == n - 3,
                () -> "the excess refused");
        assertEquals(3, stub.inFlight());
        long unavailableWhileHeld = outcomes.stream().filter(Future::isDone).count();
        assertEquals(n - 3, unavailableWhileHeld);
        stub.release();
        int active = 0;
        for (Future<IntrospectionOutcome> outcome : outcomes) {
            IntrospectionOutcome o = outcome.get(10, TimeUnit.SECONDS);
            active += o instanceof IntrospectionOutcome.Active ? 1 : 0;
            assertTrue(o instanceof IntrospectionOutcome.Active || o instanceof IntrospectionOutcome.Unavailable);
        }
        assertEquals(3, active);
        assertEquals(3, stub.calls());
        assertEquals(3, stub.maxInFlight(), "never more calls at once than maxConcurrent");
    }

    @Test
    void theEndpointIsReadFromTheIssuersDiscoveryDocumentWhenNotGiven() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60)));
        String yaml = "issuers:\n  - issuer: " + stub.issuer() + "\n    discovery: true\n    audiences: [api]\n"
                + "    introspection:\n      clientId: verifier\n      clientSecret: ${env:SECRET}\n";
        VerifierConfig config = new ConfigParser(clock, name -> SECRET).parse(yaml, Path.of("/etc/config.yaml"));
        Introspector introspector = TokenIntrospection.of(config.issuerList(), RevocationCheck.NONE, clock).all()
                .get(0);
        assertTrue(introspector.status().endpoint().contains("openid-configuration"));
        assertInstanceOf(IntrospectionOutcome.Active.class, introspector.introspect("t"));
        assertEquals(stub.endpoint(), introspector.status().endpoint());
    }

    @Test
    void flushForgetsEveryAnswer() throws Exception {
        stub.replies(token -> Reply.active("\"exp\":" + (NOW + 60)));
        Introspector introspector = introspector();
        introspector.introspect("t");
        introspector.flush();
        assertEquals(0, introspector.status().entries());
        introspector.introspect("t");
        assertEquals(2, stub.calls());
    }

    @Test
    void aJwtIsToldFromAnOpaqueToken() {
        assertTrue(TokenIntrospection.isJwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
        assertTrue(TokenIntrospection.isJwt(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(" {}".getBytes(StandardCharsets.UTF_8)) + ".e30."));
        assertFalse(TokenIntrospection.isJwt("2YotnFZFEjr1zCsicMWpAA"));
        assertFalse(TokenIntrospection.isJwt("a.b"));
        assertFalse(TokenIntrospection.isJwt("a.b.c.d"));
        assertFalse(TokenIntrospection.isJwt("not-base64!.e30.c2ln"));
        assertFalse(TokenIntrospection.isJwt("W10.e30.c2ln"), "a header that is an array");
        assertFalse(TokenIntrospection.isJwt(".e30.c2ln"));
    }
}
