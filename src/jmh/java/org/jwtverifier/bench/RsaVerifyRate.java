package org.jwtverifier.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Locale;

/**
 * RSA-2048 verifications per second on one thread with the JDK's {@code SHA256withRSA}, the same way
 * {@code openssl speed rsa2048} counts them, so load.sh can print both floors side by side in one run.
 * Usage: {@code RsaVerifyRate [seconds]}; warms up for as long again first.
 */
public final class RsaVerifyRate {
    private RsaVerifyRate() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        run(verifier, pair, message, signature, seconds);
        long count = run(verifier, pair, message, signature, seconds);
        System.out.printf(Locale.ROOT, "%.0f%n", count / seconds);
    }

    private static long run(Signature verifier, KeyPair pair, byte[] message, byte[] signature, double seconds)
            throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        while (System.nanoTime() < end) {
            verifier.initVerify(pair.getPublic());
            verifier.update(message);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("signature does not verify");
            }
            count++;
        }
        return count;
    }
}
