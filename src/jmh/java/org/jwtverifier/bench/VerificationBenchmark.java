package org.jwtverifier.bench;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.token.Verification;
import org.jwtverifier.verdict.Reason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verification core without a token cache, against the floor it cannot beat: the JDK's own
 * {@link Signature#verify} of the same tokens' signing input and signature, already decoded. Tokens are distinct
 * (1024 of them, cycled), so no layer can answer from memory. {@code jjwtParser} is JJWT alone with the key fixed,
 * which splits the verifier's overhead into JJWT's share and the verifier's own (strict pre-parse, key lookup,
 * claim checks). {@code preParseOnly} sends tokens naming an unknown issuer: the verifier turns them away right
 * after its strict pre-parse ({@code CompactToken}), so it times that step alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class VerificationBenchmark {
    static final int TOKENS = 1024;

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    BenchKeys key;
    SignedTokens signed;
    String[] tokens;
    String[] unknownIssuerTokens;
    PublicKey publicKey;
    VerifierFixture fixture;
    JwtTokenVerifier verifier;
    JwtParser fixedKeyParser;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        key = BenchKeys.valueOf(alg);
        publicKey = key.pair().getPublic();
        fixture = new VerifierFixture(List.of(key), false);
        verifier = fixture.tokenVerifier();
        fixedKeyParser = Jwts.parser().verifyWith(publicKey).requireIssuer(BenchKeys.ISSUER).build();
        Instant now = Instant.now();
        signed = new SignedTokens(key, TOKENS, now);
        tokens = signed.tokens;
        unknownIssuerTokens = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            unknownIssuerTokens[i] = key.mint(i, now, 3600, "https://unknown.example");
        }
        // Every path must accept every token, or the benchmark would time a rejection.
        Signature jdk = Signature.getInstance(key.jcaSignature());
        for (int i = 0; i < TOKENS; i++) {
            if (!(verifier.verify(tokens[i]) instanceof Verification.Verified)) {
                throw new IllegalStateException(alg + " token " + i + ": " + verifier.verify(tokens[i]));
            }
            if (!signed.rawVerify(jdk, publicKey, i)) {
                throw new IllegalStateException(alg + " token " + i + " fails the raw JDK check");
            }
            fixedKeyParser.parseSignedClaims(tokens[i]);
            if (!(verifier.verify(unknownIssuerTokens[i]) instanceof Verification.Rejected r)
                    || r.reason() != Reason.UNKNOWN_ISSUER) {
                throw new IllegalStateException("unknown issuer not rejected at the pre-parse");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** Per-thread cursor over the tokens, and a reusable JDK {@code Signature} (they are not thread-safe). */
    @State(Scope.Thread)
    public static class PerThread {
        int next;
        Signature jdk;

        @Setup(Level.Trial)
        public void setUp(VerificationBenchmark bench) throws GeneralSecurityException {
            jdk = Signature.getInstance(bench.key.jcaSignature());
        }

        int next() {
            int i = next;
            next = (i + 1) & (TOKENS - 1);
            return i;
        }
    }

    @Benchmark
    public Verification verifier(PerThread thread) {
        return verifier.verify(tokens[thread.next()]);
    }

    @Benchmark
    public boolean rawJdk(PerThread thread) throws GeneralSecurityException {
        return signed.rawVerify(thread.jdk, publicKey, thread.next());
    }

    @Benchmark
    public Claims jjwtParser(PerThread thread) {
        return fixedKeyParser.parseSignedClaims(tokens[thread.next()]).getPayload();
    }

    @Benchmark
    public Verification preParseOnly(PerThread thread) {
        return verifier.verify(unknownIssuerTokens[thread.next()]);
    }
}
