package org.jwtverifier.token;

import org.jwtverifier.testsupport.SigningKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.testsupport.Tokens;

/**
 * The verified-token cache never changes a decision: over generated tokens (valid, expired, not yet valid, issued in
 * the future, on and around every boundary of the skew, time claims as integers, fractions or strings, several
 * algorithms, with and without {@code kid}) and generated steps (decisions, clock steps forward and back, landing on
 * a boundary or a millisecond either side of it, and key sets rotated, removed, or a {@code kid} reused for other
 * material), a {@link Decider} with the cache gives the very same {@link Decision} (status, reason, scope, identity
 * headers, route, issuer, kid) as a {@code Decider} without it, at every step.
 *
 * <p>Both deciders share one verifier over one real key store, so they always see the same key state and a
 * difference can only come from the cache. The store is kept equal to its source: a rotation serves the new JWKS
 * and refreshes at once, so the refreshes a lookup may make on its own (an unknown {@code kid}, a key set past its
 * TTL) load the same document again and cannot make the two deciders' views diverge, whichever of them asks first.
 * Every claim goes through JJWT's parser; the cache is the real Ehcache-backed one.
 *
 * <p>On a failure jqwik prints the seed, the shrunk scenario and the step that differed; the seed goes into
 * {@code @Property(seed = "...")} to replay it. 250 tries of 5 to 30 steps, one to three tokens each, keep the run
 * to seconds.
 */
class CachedDecisionDifferentialTest {
    private static final String ISSUER = "https://idp.example";
    private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
    private static final long SKEW_MILLIS = 60_000;
    private static final String CONFIG = """
            clockSkew: 60s
            issuers:
              - issuer: https://idp.example
                jwksFile: unused.json
                audiences: [api]
            routes:
              - name: admin
                pathPrefix: /admin
                scopes: [admin]
            """;

    /** How a token is signed: key, algorithm, and whether its header names the key. */
    enum Signer {
        RSA_RS256(TestKeys.RSA, "RS256"),
        RSA_PS256(TestKeys.RSA, "PS256"),
        EC_ES256(TestKeys.EC, "ES256"),
        ED_EDDSA(TestKeys.ED, "EdDSA"),
        OTHER_RS256(TestKeys.RSA_OTHER, "RS256"),
        REUSED_KID_RS256(TestKeys.RSA_REUSED_KID, "RS256");

        final SigningKey key;
        final String alg;

        Signer(SigningKey key, String alg) {
            this.key = key;
            this.alg = alg;
        }
    }

    /** The JWKS documents the IdP may publish; rsa-1 and its reused-kid twin never together. */
    private static final List<List<SigningKey>> KEY_SETS = List.of(
            List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED),
            List.of(TestKeys.RSA_REUSED_KID, TestKeys.EC, TestKeys.ED),
            List.of(TestKeys.EC, TestKeys.ED),
            List.of(TestKeys.RSA, TestKeys.RSA_OTHER, TestKeys.EC),
            List.of(TestKeys.RSA_OTHER, TestKeys.ED),
            List.of(TestKeys.RSA));

    enum Form { INTEGER, FRACTION, STRING }

    /** A NumericDate claim: seconds from {@link #START}, plus a fraction when one is written, in a JSON shape. */
    record TimeClaim(long offsetSeconds, int fractionMillis, Form form) {
        Object json() {
            long seconds = START.getEpochSecond() + offsetSeconds;
            return switch (form) {
                case INTEGER -> seconds;
                case FRACTION -> seconds + fractionMillis / 1000.0;
                case STRING -> String.valueOf(seconds);
            };
        }

        long millis() {
            return (START.getEpochSecond() + offsetSeconds) * 1000;
        }
    }

    /** A token to mint; null claims are left out. */
    record TokenSpec(Signer signer, boolean withKid, TimeClaim exp, TimeClaim nbf, TimeClaim iat, String subject,
                     String scope) {
    }

    sealed interface Step permits Decide, Advance, ToBoundary, Rotate {
    }

    /** One forward-auth request with a token, to the default route or to the one that needs scope admin. */
    record Decide(int token, boolean admin) implements Step {
    }

    /** The clock steps, forward or back. */
    record Advance(long millis) implements Step {
    }

    /** The clock jumps to a token's exp, nbf or iat, plus or minus the skew, plus {@code offsetMillis}. */
    record ToBoundary(int token, String claim, boolean plusSkew, int offsetMillis) implements Step {
    }

    /** The IdP publishes {@link #KEY_SETS}{@code [set]} and the store fetches it. */
    record Rotate(int set) implements Step {
    }

    record Scenario(List<TokenSpec> tokens, List<Step> steps) {
    }

    // Built once: an Ehcache manager takes tens of milliseconds to start, which would dominate the run. Each try
    // flushes the cache and points it at that try's verifier and store; the persisted key sets are kept apart by
    // giving every try's source its own identity, so no try starts with the keys another one ended with.
    private static final PersistedKeySets PERSISTED = PersistedKeySets.open(null);
    private static final AtomicReference<TokenVerifier> VERIFIER = new AtomicReference<>();
    private static final AtomicReference<IssuerKeyStore> STORE = new AtomicReference<>();
    private static final MutableClock CLOCK = new MutableClock(START);
    private static final CachingTokenVerifier CACHE = new CachingTokenVerifier(
            token -> VERIFIER.get().verify(token), VerifierAssembly.keptClaims(config()),
            (iss, kid, alg, key) -> ISSUER.equals(iss) && STORE.get().selects(kid, alg, key), 1000,
            Duration.ofMinutes(5), CLOCK);
    /** Signing RSA is slow here; shrinking mints the same tokens again and again. */
    private static final Map<TokenSpec, String> MINTED = new ConcurrentHashMap<>();
    private static final AtomicInteger TRIES = new AtomicInteger();

    @AfterContainer
    static void close() {
        CACHE.close();
        PERSISTED.close();
    }

    private static VerifierConfig config() {
        try {
            return new ConfigParser(CLOCK).parse(CONFIG, Path.of("/etc/config.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.FIRST)
    void decisionWithTheCacheEqualsDecisionWithoutIt(@ForAll("scenarios") Scenario scenario) {
        MutableClock clock = CLOCK;
        clock.advance(Duration.between(clock.instant(), START));
        VerifierConfig config = config();
        IssuerConfig issuer = config.issuerList().get(0);
        String sourceName = "scripted source " + TRIES.incrementAndGet();
        ScriptedSource jwks = new ScriptedSource(clock, TestKeys.jwks(KEY_SETS.get(0))) {
            @Override
            public String toString() {
                return sourceName;
            }

            // The persistence key once key stores take it from KeySetSource.persistenceIdentity() rather than
            // toString(); until then an unused method (no @Override, so it compiles either way).
            public String persistenceIdentity() {
                return sourceName;
            }
        };
        List<String> tokens = new ArrayList<>();
        for (TokenSpec spec : scenario.tokens()) {
            tokens.add(MINTED.computeIfAbsent(spec, CachedDecisionDifferentialTest::mint));
        }
        IssuerKeyStore store = TestIssuers.store(issuer, jwks, PERSISTED, clock);
        JwtTokenVerifier verifier = new JwtTokenVerifier(Map.of(ISSUER, new IssuerVerifier(issuer, store, clock)));
        VERIFIER.set(verifier);
        STORE.set(store);
        CACHE.flush();
        Decider uncached = new Decider(verifier, new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), DecisionListener.NONE);
        Decider cached = new Decider(CACHE, new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), DecisionListener.NONE);
        int n = 0;
        for (Step step : scenario.steps()) {
            n++;
            if (step instanceof Decide d) {
                ForwardAuthRequest request = request(tokens.get(d.token() % tokens.size()), d.admin());
                // The cached decider first: a miss may make the store refresh, which the other then sees.
                Decision withCache = cached.decide(request);
                Decision without = uncached.decide(request);
                assertEquals(without, withCache, "step " + n + " " + step + " at " + clock.instant());
            } else if (step instanceof Advance a) {
                clock.advance(Duration.ofMillis(a.millis()));
            } else if (step instanceof ToBoundary b) {
                TimeClaim claim = claim(scenario.tokens().get(b.token() % tokens.size()), b.claim());
                if (claim != null) {
                    long target = claim.millis() + (b.plusSkew() ? SKEW_MILLIS : -SKEW_MILLIS) + b.offsetMillis();
                    clock.advance(Duration.ofMillis(target - clock.instant().toEpochMilli()));
                }
            } else if (step instanceof Rotate r) {
                jwks.serve(TestKeys.jwks(KEY_SETS.get(r.set())));
                store.refreshNow(Duration.ofSeconds(1));
            }
        }
    }

    private static TimeClaim claim(TokenSpec spec, String name) {
        return switch (name) {
            case "exp" -> spec.exp();
            case "nbf" -> spec.nbf();
            default -> spec.iat();
        };
    }

    private static ForwardAuthRequest request(String token, boolean admin) {
        return new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + token), List.of(), null, "GET", "https",
                "api.example.com", admin ? "/admin/users" : "/orders");
    }

    private static String mint(TokenSpec spec) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", "api");
        claims.put("sub", spec.subject());
        claims.put("email", spec.subject() + "@example.com");
        claims.put("scope", spec.scope());
        if (spec.exp() != null) {
            claims.put("exp", spec.exp().json());
        }
        if (spec.nbf() != null) {
            claims.put("nbf", spec.nbf().json());
        }
        if (spec.iat() != null) {
            claims.put("iat", spec.iat().json());
        }
        String kid = spec.withKid() ? spec.signer().key.kid() : null;
        String input = Tokens.signingInput(Tokens.header(spec.signer().alg, kid), claims);
        try {
            Signature signature = switch (spec.signer().alg) {
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "PS256" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield pss;
                }
                case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
                // JJWT's EdDSA test key may be Ed448 or Ed25519: the generic name takes either.
                default -> Signature.getInstance("EdDSA");
            };
            signature.initSign(spec.signer().key.privateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Tokens.b64url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<TokenSpec>> tokens = tokenSpecs().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<Step>> steps = steps().list().ofMinSize(5).ofMaxSize(30)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(tokens, steps).as(Scenario::new);
    }

    private Arbitrary<TokenSpec> tokenSpecs() {
        return Builders.withBuilder(() -> new Object[7])
                .use(Arbitraries.frequency(Tuple.of(3, Signer.RSA_RS256), Tuple.of(1, Signer.RSA_PS256),
                        Tuple.of(3, Signer.EC_ES256), Tuple.of(3, Signer.ED_EDDSA), Tuple.of(2, Signer.OTHER_RS256),
                        Tuple.of(2, Signer.REUSED_KID_RS256)))
                .in((b, v) -> set(b, 0, v))
                .use(Arbitraries.of(true, false)).in((b, v) -> set(b, 1, v))
                .use(timeClaim(-180, 3600).injectNull(0.05)).in((b, v) -> set(b, 2, v))
                .use(timeClaim(-180, 90).injectNull(0.5)).in((b, v) -> set(b, 3, v))
                .use(timeClaim(-180, 90).injectNull(0.3)).in((b, v) -> set(b, 4, v))
                .use(Arbitraries.of("alice", "bob")).in((b, v) -> set(b, 5, v))
                .use(Arbitraries.of("read", "admin", "read admin")).in((b, v) -> set(b, 6, v))
                .build(b -> new TokenSpec((Signer) b[0], (Boolean) b[1], (TimeClaim) b[2], (TimeClaim) b[3],
                        (TimeClaim) b[4], (String) b[5], (String) b[6]));
    }

    private static Object[] set(Object[] builder, int index, Object value) {
        builder[index] = value;
        return builder;
    }

    private Arbitrary<TimeClaim> timeClaim(long minOffset, long maxOffset) {
        Arbitrary<Long> offsets = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(minOffset, maxOffset)),
                Tuple.of(1, Arbitraries.of(-61L, -60L, -59L, -1L, 0L, 1L, 59L, 60L, 61L)));
        Arbitrary<Integer> fractions = Arbitraries.of(1, 500, 999);
        Arbitrary<Form> forms = Arbitraries.frequency(
                Tuple.of(6, Form.INTEGER), Tuple.of(3, Form.FRACTION),
                Tuple.of(1, Form.STRING));
        return Combinators.combine(offsets, fractions, forms).as(TimeClaim::new);
    }

    private Arbitrary<Step> steps() {
        Arbitrary<Step> decide = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(false, false, true)).as(Decide::new);
        Arbitrary<Step> advance = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(-7_200_000, 7_200_000)),
                Tuple.of(1, Arbitraries.of(-60_001L, -60_000L, -1_000L, -1L, 1L, 999L, 1_000L,
                        60_000L, 60_001L, 300_000L, 21_600_000L)))
                .map(Advance::new);
        Arbitrary<Step> boundary = Combinators.combine(Arbitraries.integers().between(0, 2),
                        Arbitraries.of("exp", "nbf", "iat"), Arbitraries.of(true, false), Arbitraries.of(-1, 0, 1))
                .as(ToBoundary::new);
        Arbitrary<Step> rotate = Arbitraries.integers().between(0, KEY_SETS.size() - 1).map(Rotate::new);
        return Arbitraries.frequencyOf(
                Tuple.of(10, decide),
                Tuple.of(3, advance),
                Tuple.of(4, boundary),
                Tuple.of(2, rotate));
    }
}
