package org.jwtverifier.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationIndex;
import org.jwtverifier.testsupport.IntrospectionStub;
import org.jwtverifier.testsupport.IntrospectionStub.Reply;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.token.JwtTokenVerifier;

/**
 * Remembering introspection answers never changes a decision while the IdP keeps its word: over generated opaque
 * tokens (active or not, {@code exp} past, within the skew, near or far, or absent, {@code nbf} ahead, {@code iss}
 * absent, right or wrong, scopes and audiences, answers the IdP fails on) and generated steps (decisions on two
 * routes, clock steps landing on or a millisecond either side of a token's {@code exp}, {@code exp} plus the skew, or
 * the end of a TTL, revocations by subject made and removed), a decider that remembers answers gives the very same
 * {@link Decision} as one that forgets them before every decision, at every step.
 *
 * <p>Both ask the same loopback endpoint over HTTP, which answers each token the same way every time. Scenarios
 * come from a base seed printed at the start; {@code -Djwtverifier.introspection.seed=N} replays a run.
 */
class IntrospectionCacheDifferentialTest {
    static final String SEED_PROPERTY = "jwtverifier.introspection.seed";
    private static final String ISSUER = "https://idp.example";
    private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
    private static final long SKEW_SECONDS = 30;
    private static final List<String> SUBJECTS = List.of("alice", "bob", "carol");
    private static final int SCENARIOS = 12;
    private static final int STEPS = 120;

    private final IntrospectionStub idp = IntrospectionStub.start();

    @AfterEach
    void close() {
        idp.close();
    }

    @Test
    void decisionsWithAndWithoutRememberedAnswersAgree() throws Exception {
        long baseSeed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
        System.out.println("IntrospectionCacheDifferentialTest: base seed " + baseSeed + " (replay with -D"
                + SEED_PROPERTY + "=" + baseSeed + ")");
        SplittableRandom seeds = new SplittableRandom(baseSeed);
        int hits = 0;
        for (int n = 0; n < SCENARIOS; n++) {
            hits += scenario(new SplittableRandom(seeds.nextLong()), "scenario " + n + " of base seed " + baseSeed);
        }
        assertTrue(hits > 0, "the remembering decider answered from memory at least once");
    }

    private int scenario(SplittableRandom random, String name) throws Exception {
        MutableClock clock = new MutableClock(START);
        long now = START.getEpochSecond();
        Map<String, Reply> answers = new HashMap<>();
        List<Long> boundaries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = "opaque-" + i + "-" + random.nextInt(1_000_000);
            answers.put(token, answer(random, now, boundaries));
        }
        List<String> tokens = List.copyOf(answers.keySet());
        idp.replies(token -> answers.getOrDefault(token, Reply.inactive()));
        String yaml = """
                clockSkew: 30s
                issuers:
                  - issuer: https://idp.example
                    jwksFile: unused.json
                    audiences: [api]
                    introspection:
                      endpoint: ENDPOINT
                      clientId: v
                      clientSecret: ${env:S}
                      maxTtl: 2m
                      negativeTtl: 10s
                routes:
                  - {name: admin, pathPrefix: /admin, scopes: [admin]}
                """.replace("ENDPOINT", idp.endpoint());
        VerifierConfig config = new ConfigParser(clock, v -> "secret").parse(yaml, Path.of("/etc/c.yaml"));
        RevocationIndex revocations = RevocationIndex.of(List.of());
        TokenIntrospection remembering = TokenIntrospection.of(config.issuerList(), revocations, clock);
        TokenIntrospection forgetting = TokenIntrospection.of(config.issuerList(), revocations, clock);
        Decider cached = decider(config, remembering, clock);
        Decider fresh = decider(config, forgetting, clock);
        List<String> trail = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                String token = tokens.get(random.nextInt(tokens.size()));
                String path = random.nextBoolean() ? "/admin/x" : "/orders";
                trail.add("decide " + token + " " + path);
                forgetting.all().get(0).flush();
                ForwardAuthRequest request = new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + token),
                        List.of(), null, "GET", "https", "app.example.com", path);
                Decision withCache = cached.decide(request);
                Decision without = fresh.decide(request);
                assertEquals(without, withCache, () -> name + " differs after " + String.join("; ", trail));
            } else if (kind < 8) {
                long target = boundaries.get(random.nextInt(boundaries.size())) * 1000 + random.nextInt(3) - 1;
                long delta = target - clock.millis();
                Duration step2 = delta > 0 && random.nextBoolean() ? Duration.ofMillis(delta)
                        : Duration.ofMillis(random.nextLong(1, 90_000));
                clock.advance(step2);
                trail.add("clock +" + step2.toMillis() + "ms");
            } else if (kind == 8) {
                String sub = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
                Instant at = clock.instant();
                revocations.added(new Revocation(Revocation.Kind.SUBJECT, ISSUER, sub, at, at.plusSeconds(3600), at,
                        "test"));
                trail.add("revoke " + sub);
            } else {
                String sub = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
                revocations.removed(Revocation.Kind.SUBJECT, ISSUER, sub);
                trail.add("unrevoke " + sub);
            }
        }
        return (int) remembering.all().get(0).status().hits();
    }

    private static Decider decider(VerifierConfig config, TokenIntrospection introspection, MutableClock clock) {
        return new Decider(new JwtTokenVerifier(Map.of()), new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), DecisionListener.NONE, config.decisionLog(), clock, introspection);
    }

    /** One token's answer; the instants a clock step may land on are added to {@code boundaries}. */
    private static Reply answer(SplittableRandom random, long now, List<Long> boundaries) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return new Reply(500, "");
        }
        if (kind == 1) {
            return Reply.json("{\"active\":\"yes\"}");
        }
        if (kind < 5) {
            boundaries.add(now + 10);
            return Reply.inactive();
        }
        StringBuilder members = new StringBuilder();
        members.append("\"sub\":\"").append(SUBJECTS.get(random.nextInt(SUBJECTS.size()))).append('"');
        members.append(",\"scope\":\"").append(random.nextBoolean() ? "read admin" : "read").append('"');
        members.append(",\"aud\":\"").append(random.nextInt(6) == 0 ? "other" : "api").append('"');
        if (random.nextInt(10) != 0) {
            long exp = now + random.nextLong(-90, 400);
            members.append(",\"exp\":").append(exp);
            boundaries.add(exp);
            boundaries.add(exp + SKEW_SECONDS);
        }
        if (random.nextInt(8) == 0) {
            long nbf = now + random.nextLong(0, 120);
            members.append(",\"nbf\":").append(nbf);
            boundaries.add(nbf - SKEW_SECONDS);
        }
        int iss = random.nextInt(6);
        if (iss == 0) {
            members.append(",\"iss\":\"https://other.example\"");
        } else if (iss < 3) {
            members.append(",\"iss\":\"").append(ISSUER).append('"');
        }
        boundaries.add(now + 120);
        return Reply.active(members.toString());
    }
}
