package org.jwtverifier.bench;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.time.Instant;
import org.jwtverifier.config.ProviderChoice;
import org.jwtverifier.crypto.SignatureProviders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verification on the JDK's providers against the Amazon Corretto Crypto Provider, per algorithm. With
 * {@code provider=accp} the fork registers it first, as {@code tomcat/conf/native-crypto.security} does in the
 * container, and the verifier runs with {@code crypto.provider: auto}; with {@code provider=jdk} it is not
 * registered at all. {@code rawSignature} is that provider's own {@link Signature#verify} of the decoded signing
 * input and signature, the floor the verifier cannot beat; {@code verifier} is the whole verification core, no
 * token cache, 1024 distinct tokens cycled. {@link NativeCryptoReport} runs the two providers in turns and prints
 * the ratios.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED"})
public class NativeCryptoBenchmark extends SignedTokensBenchmark {
    @Param({"jdk", "accp"})
    public String provider;

    Provider signatureProvider;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (provider.equals("accp")) {
            Provider accp = (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                    .getField("INSTANCE").get(null);
            accp.getClass().getMethod("assertHealthy").invoke(accp);
            Security.insertProviderAt(accp, 1);
        }
        setUpTokens(Instant.now());
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
        requireEveryTokenAccepted(probe);
    }

    /** A {@code Signature} per thread (it is not thread-safe), of the provider chosen at set-up. */
    @State(Scope.Thread)
    public static class PerThread {
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(NativeCryptoBenchmark bench) throws GeneralSecurityException {
            signature = Signature.getInstance(bench.key.jcaSignature(), bench.signatureProvider);
        }
    }

    @Benchmark
    public boolean rawSignature(TokenCursor cursor, PerThread thread) throws GeneralSecurityException {
        return signed.rawVerify(thread.signature, publicKey, cursor.next());
    }
}
