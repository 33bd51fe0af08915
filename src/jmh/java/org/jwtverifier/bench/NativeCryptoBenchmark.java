package org.jwtverifier.bench;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwtverifier.config.ProviderChoice;
import org.jwtverifier.crypto.SignatureProviders;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.token.Verification;
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
 * Verification on the JDK's providers against the Amazon Corretto Crypto Provider, per algorithm. With
 * {@code provider=accp} the fork registers it first, as {@code tomcat/conf/native-crypto.security} does in the
 * container, and the verifier runs with {@code crypto.provider: auto}; with {@code provider=jdk} it is not
 * registered at all. {@code rawSignature} is that provider's own {@link Signature#verify} of the decoded signing
 * input and signature, the floor the verifier cannot beat; {@code verifier} is the whole verification core, no
 * token cache, 1024 distinct tokens cycled. {@link NativeCryptoReport} runs the two providers in turns and prints
 * the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED"})
public class NativeCryptoBenchmark {
    static final int TOKENS = 1024;

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    @Param({"jdk", "accp"})
    public String provider;

    BenchKeys key;
    SignedTokens signed;
    String[] tokens;
    PublicKey publicKey;
    Provider signatureProvider;
    VerifierFixture fixture;
    JwtTokenVerifier verifier;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (provider.equals("accp")) {
            Provider accp = (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                    .getField("INSTANCE").get(null);
            accp.getClass().getMethod("assertHealthy").invoke(accp);
            Security.insertProviderAt(accp, 1);
        }
        key = BenchKeys.valueOf(alg);
        publicKey = key.pair().getPublic();
        fixture = new VerifierFixture(List.of(key), false);
        verifier = fixture.tokenVerifier();
        signed = new SignedTokens(key, TOKENS, Instant.now());
        tokens = signed.tokens;
        // The provider the JVM picks for this key, the one the verifier reports: checked, so that the accp rows
        // cannot silently time the JDK (or the other way round).
        Signature probe = Signature.getInstance(key.jcaSignature());
        probe.initVerify(publicKey);
        signatureProvider = probe.getProvider();
        boolean isAccp = signatureProvider.getName().equals("AmazonCorrettoCryptoProvider");
        if (isAccp != provider.equals("accp")) {
            throw new IllegalStateException(alg + " " + provider + ": the JVM picks " + signatureProvider);
        }
        String reported = SignatureProviders.resolve(ProviderChoice.AUTO).byAlgorithm().get(alg);
        if (reported.contains("Corretto") != provider.equals("accp")) {
            throw new IllegalStateException(alg + " " + provider + ": the verifier verifies with " + reported);
        }
        for (int i = 0; i < TOKENS; i++) {
            if (!(verifier.verify(tokens[i]) instanceof Verification.Verified)) {
                throw new IllegalStateException(alg + " token " + i + ": " + verifier.verify(tokens[i]));
            }
            if (!signed.rawVerify(probe, publicKey, i)) {
                throw new IllegalStateException(alg + " token " + i + " fails the raw check");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** Per-thread cursor and {@code Signature} (not thread-safe), of the provider chosen at set-up. */
    @State(Scope.Thread)
    public static class PerThread {
        int next;
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(NativeCryptoBenchmark bench) throws GeneralSecurityException {
            signature = Signature.getInstance(bench.key.jcaSignature(), bench.signatureProvider);
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
    public boolean rawSignature(PerThread thread) throws GeneralSecurityException {
        return signed.rawVerify(thread.signature, publicKey, thread.next());
    }
}
