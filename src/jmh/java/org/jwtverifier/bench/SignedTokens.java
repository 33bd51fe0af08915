package org.jwtverifier.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code count} distinct tokens of one key, with each one's signing input and signature already decoded: what the
 * verifier gets, and what a bare {@link Signature#verify} of the same token gets, so the two can be timed side by
 * side on the same bytes.
 */
final class SignedTokens {
    final String[] tokens;
    final byte[][] signingInputs;
    final byte[][] signatures;

    SignedTokens(BenchKeys key, int count, Instant now) {
        tokens = new String[count];
        signingInputs = new byte[count][];
        signatures = new byte[count][];
        Base64.Decoder b64 = Base64.getUrlDecoder();
        for (int i = 0; i < count; i++) {
            String token = key.mint(i, now, 3600);
            int lastDot = token.lastIndexOf('.');
            tokens[i] = token;
            signingInputs[i] = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = b64.decode(token.substring(lastDot + 1));
        }
    }

    /** The bare check of token {@code i} with {@code signature} (not thread-safe: one per thread). */
    boolean rawVerify(Signature signature, PublicKey key, int i) throws GeneralSecurityException {
        signature.initVerify(key);
        signature.update(signingInputs[i]);
        return signature.verify(signatures[i]);
    }
}
