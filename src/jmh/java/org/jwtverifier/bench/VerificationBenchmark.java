package org.jwtverifier.bench;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import org.jwtverifier.token.Verification;
import org.jwtverifier.verdict.Reason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The verification core without a token cache, against the floor it cannot beat: the JDK's own
 * {@link Signature#verify} of the same tokens' signing input and signature, already decoded. Tokens are distinct
 * (1024 of them, cycled), so no layer can answer from memory. {@code jjwtParser} is JJWT alone with the key fixed,
 * which splits the verifier's overhead into JJWT's share and the verifier's own (strict pre-parse, key lookup,
 * claim checks). {@code preParseOnly} sends tokens naming an unknown issuer: the verifier turns them away right
 * after its strict pre-parse ({@code CompactToken}), so it times that step alone.
 */
public class VerificationBenchmark extends SignedTokensBenchmark {
    String[] unknownIssuerTokens;
    JwtParser fixedKeyParser;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Instant now = Instant.now();
        setUpTokens(now);
        requireEveryTokenAccepted(Signature.getInstance(key.jcaSignature()));
        fixedKeyParser = Jwts.parser().verifyWith(publicKey).requireIssuer(BenchKeys.ISSUER).build();
        unknownIssuerTokens = new String[TokenCursor.TOKENS];
        for (int i = 0; i < TokenCursor.TOKENS; i++) {
            unknownIssuerTokens[i] = key.mint(i, now, 3600, "https://unknown.example");
            fixedKeyParser.parseSignedClaims(tokens[i]);
            if (!(verifier.verify(unknownIssuerTokens[i]) instanceof Verification.Rejected r)
                    || r.reason() != Reason.UNKNOWN_ISSUER) {
                throw new IllegalStateException("unknown issuer not rejected at the pre-parse");
            }
        }
    }

    /** A reusable JDK {@code Signature} per thread (it is not thread-safe). */
    @State(Scope.Thread)
    public static class PerThread {
        Signature jdk;

        @Setup(Level.Trial)
        public void setUp(VerificationBenchmark bench) throws GeneralSecurityException {
            jdk = Signature.getInstance(bench.key.jcaSignature());
        }
    }

    @Benchmark
    public boolean rawJdk(TokenCursor cursor, PerThread thread) throws GeneralSecurityException {
        return signed.rawVerify(thread.jdk, publicKey, cursor.next());
    }

    @Benchmark
    public Claims jjwtParser(TokenCursor cursor) {
        return fixedKeyParser.parseSignedClaims(tokens[cursor.next()]).getPayload();
    }

    @Benchmark
    public Verification preParseOnly(TokenCursor cursor) {
        return verifier.verify(unknownIssuerTokens[cursor.next()]);
    }
}
