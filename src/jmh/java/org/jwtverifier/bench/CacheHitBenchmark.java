package org.jwtverifier.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jwtverifier.config.TokenCacheConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationIndex;
import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.token.CachingTokenVerifier;
import org.jwtverifier.token.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The path a repeated token takes: {@link CachingTokenVerifier} answering from memory, and {@link Decider} (the
 * whole per-request path minus HTTP: bearer parsing, policy selection, cache, identity headers, metrics) with the
 * cache on and one token, and with the cache off and distinct RS256 tokens; and the cache hit again with
 * {@value #REVOCATIONS} revocations held for the token's issuer (none matching it), so every hit makes the
 * revocation lookups a real index makes ({@code jti} and {@code sub}; the token has no {@code sid}).
 */
public class CacheHitBenchmark extends MeasurementSettings {
    VerifierFixture plainFixture;
    VerifierFixture cachedFixture;
    VerifierFixture uncachedFixture;
    /** Revocations held in {@link #cachingVerifierHitWithRevocations}: the default {@code revocation.maxEntries}. */
    static final int REVOCATIONS = 100_000;

    CachingTokenVerifier cachingVerifier;
    CachingTokenVerifier revokingVerifier;
    Decider cachedDecider;
    VerifierFixture refreshedFixture;
    Decider refreshedDecider;
    Decider uncachedDecider;
    ForwardAuthRequest repeated;
    String repeatedToken;
    ForwardAuthRequest[] distinct;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchKeys key = BenchKeys.RS256;
        Instant now = Instant.now();
        repeatedToken = key.mint(0, now, 3600);
        repeated = ForwardAuthRequest.withAuthorization(List.of("Bearer " + repeatedToken));
        distinct = new ForwardAuthRequest[TokenCursor.TOKENS];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = ForwardAuthRequest.withAuthorization(List.of("Bearer " + key.mint(i + 1, now, 3600)));
        }

        plainFixture = new VerifierFixture(List.of(key), false);
        cachingVerifier = new CachingTokenVerifier(plainFixture.tokenVerifier(),
                Set.of("iss", "sub", "aud", "exp", "email", "scope", "scp"), (issuer, kid, alg, verifiedWith) -> true,
                TokenCacheConfig.DEFAULT_MAX_ENTRIES, TokenCacheConfig.DEFAULT_MAX_TTL, plainFixture.clock());

        java.util.List<Revocation> revocations = new java.util.ArrayList<>();
        for (int i = 0; i < REVOCATIONS; i++) {
            Revocation.Kind kind = Revocation.Kind.values()[i % 3];
            revocations.add(new Revocation(kind, BenchKeys.ISSUER, "revoked-" + i,
                    kind == Revocation.Kind.SUBJECT ? now : null, now.plusSeconds(86_400), now, "bench"));
        }
        long start = System.nanoTime();
        RevocationIndex index = RevocationIndex.of(revocations);
        System.out.printf("RevocationIndex of %d revocations built in %.1f ms%n", REVOCATIONS,
                (System.nanoTime() - start) / 1e6);
        revokingVerifier = new CachingTokenVerifier(plainFixture.tokenVerifier(),
                Set.of("iss", "sub", "aud", "exp", "email", "scope", "scp"), (issuer, kid, alg, verifiedWith) -> true,
                index, TokenCacheConfig.DEFAULT_MAX_ENTRIES, TokenCacheConfig.DEFAULT_MAX_TTL, plainFixture.clock());
        if (!(revokingVerifier.verify(repeatedToken) instanceof Verification.Verified)
                || !(revokingVerifier.verify(repeatedToken) instanceof Verification.Verified)
                || revokingVerifier.hits() != 1) {
            throw new IllegalStateException("the repeated token is not a cache hit with revocations held");
        }

        cachedFixture = new VerifierFixture(List.of(key), true);
        VerifierRuntime cached = cachedFixture.runtime();
        cachedDecider = cached.current().decider();
        // The repeated token cached, then the key set fetched and parsed anew: every hit compares key material
        // instead of finding the very same key object.
        refreshedFixture = new VerifierFixture(List.of(key), true);
        VerifierRuntime refreshed = refreshedFixture.runtime();
        refreshedDecider = refreshed.current().decider();
        check(refreshedDecider.decide(repeated));
        for (var store : refreshed.current().keyStores().all()) {
            String outcome = store.refreshNow(Duration.ofSeconds(5));
            if (!outcome.startsWith("refreshed")) {
                throw new IllegalStateException("refresh failed: " + outcome);
            }
        }
        long hitsBefore = refreshed.current().tokenCache().hits();
        check(refreshedDecider.decide(repeated));
        if (refreshed.current().tokenCache().hits() != hitsBefore + 1) {
            throw new IllegalStateException("a hit after the refresh was not served from the cache");
        }
        uncachedFixture = new VerifierFixture(List.of(key), false);
        uncachedDecider = uncachedFixture.runtime().current().decider();

        if (!(cachingVerifier.verify(repeatedToken) instanceof Verification.Verified)) {
            throw new IllegalStateException("the repeated token is rejected");
        }
        check(cachedDecider.decide(repeated));
        for (ForwardAuthRequest request : distinct) {
            check(uncachedDecider.decide(request));
        }
    }

    private static void check(Decision decision) {
        if (!(decision instanceof Decision.Admitted admitted) || !admitted.headers().containsKey("X-User-Id")) {
            throw new IllegalStateException("not admitted: " + decision);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cachingVerifier.close();
        revokingVerifier.close();
        plainFixture.close();
        cachedFixture.close();
        refreshedFixture.close();
        uncachedFixture.close();
    }

    @Benchmark
    public Verification cachingVerifierHit() {
        return cachingVerifier.verify(repeatedToken);
    }

    @Benchmark
    public Verification cachingVerifierHitWithRevocations() {
        return revokingVerifier.verify(repeatedToken);
    }

    @Benchmark
    public Decision deciderCacheHit() {
        return cachedDecider.decide(repeated);
    }

    @Benchmark
    public Decision deciderCacheHitAfterKeyRefresh() {
        return refreshedDecider.decide(repeated);
    }

    @Benchmark
    public Decision deciderNoCacheDistinctRs256(TokenCursor cursor) {
        return uncachedDecider.decide(distinct[cursor.next()]);
    }
}
