package org.jwtverifier.bench;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.token.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The verification core, no token cache, over {@value TokenCursor#TOKENS} distinct tokens of one key, each with its
 * signing input and signature decoded for a bare {@link Signature#verify} of the same bytes: the floor the
 * verifier cannot beat. Subclasses set it up (through {@link #setUpTokens}) and add the checks they compare it with;
 * JMH runs the {@code verifier} benchmark inherited here under each subclass's name.
 */
public abstract class SignedTokensBenchmark extends MeasurementSettings {
    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    BenchKeys key;
    PublicKey publicKey;
    SignedTokens signed;
    String[] tokens;
    VerifierFixture fixture;
    JwtTokenVerifier verifier;

    /** The key of {@link #alg}, an issuer publishing it, its verifier and the tokens, minted at {@code now}. */
    void setUpTokens(Instant now) throws Exception {
        key = BenchKeys.valueOf(alg);
        publicKey = key.pair().getPublic();
        fixture = new VerifierFixture(List.of(key), false);
        verifier = fixture.tokenVerifier();
        signed = new SignedTokens(key, TokenCursor.TOKENS, now);
        tokens = signed.tokens;
    }

    /**
     * Throws unless the verifier and the bare check with {@code raw} accept every token: a benchmark that met a
     * rejection would time it.
     */
    void requireEveryTokenAccepted(Signature raw) throws GeneralSecurityException {
        for (int i = 0; i < tokens.length; i++) {
            if (!(verifier.verify(tokens[i]) instanceof Verification.Verified)) {
                throw new IllegalStateException(alg + " token " + i + ": " + verifier.verify(tokens[i]));
            }
            if (!signed.rawVerify(raw, publicKey, i)) {
                throw new IllegalStateException(alg + " token " + i + " fails the raw check with "
                        + raw.getProvider().getName());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Verification verifier(TokenCursor cursor) {
        return verifier.verify(tokens[cursor.next()]);
    }
}
