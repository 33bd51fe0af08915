package org.jwtverifier.bench;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestKeys;

/**
 * Mints the tokens of the load benchmark into a folder (tomcat/bench/load.sh runs it). One issuer
 * ({@value #RS_ISSUER}) signs with four keys, one per JWS algorithm the benchmark measures, and one JWKS holds
 * them all, so the verifier and the peers check the same keys and the same tokens:
 * <ul>
 *   <li>{@code <alg>-key.p8}, {@code <alg>-public.der} (kept between runs, so tokens minted before stay valid):
 *       RSA-2048 for RS256 and for PS256 (two keys: a JWK names one algorithm), P-256 for ES256, Ed25519 for
 *       EdDSA; {@code jwks.json} with their public JWKs; {@code rsa-public.pem}: the RS256 key for /bench/rs/naive;</li>
 *   <li>{@code one.token} (RS256) and {@code one-ps256.token}, {@code one-es256.token}, {@code one-eddsa.token}:
 *       one token each, for the cache-hit rows;</li>
 *   <li>{@code distinct.tokens} (RS256) and {@code ps256.tokens}, {@code es256.tokens}, {@code eddsa.tokens}:
 *       N distinct tokens each, one a line, for the rows that must verify every time;</li>
 *   <li>{@code hs256.secret} and {@code heap.0.tokens}, {@code heap.1.tokens}: M distinct HS256 tokens split in
 *       two (one file per wrk thread), for the cache-bound check: HMAC keeps minting and verifying a million
 *       tokens within minutes, and a cache entry is the same whatever the algorithm.</li>
 * </ul>
 * Usage: {@code MintTokens <folder> <count-per-algorithm> <hs256-count> <lifetime-seconds>}
 */
public final class MintTokens {
    public static final String RS_ISSUER = BenchKeys.ISSUER;
    public static final String HS_ISSUER = "https://hmac.bench.example";

    private MintTokens() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int hsCount = Integer.parseInt(args[2]);
        long lifetime = Long.parseLong(args[3]);
        Files.createDirectories(out);
        List<SigningKey> keys = new ArrayList<>();
        for (Alg alg : Alg.values()) {
            keys.add(key(out, alg));
        }
        Files.writeString(out.resolve("jwks.json"), TestKeys.jwks(keys), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("rsa-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.get(Alg.RS256.ordinal()).publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Instant now = Instant.now();

        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (SigningKey key : keys) {
                // RS256 keeps the file names of the rows that were RS256 only (and of /bench/rs/naive).
                String name = key.alg().jwsName().toLowerCase(Locale.ROOT);
                boolean rs = key.alg() == Alg.RS256;
                Files.writeString(out.resolve(rs ? "one.token" : "one-" + name + ".token"),
                        token(key, 0, now, lifetime) + "\n");
                long start = System.nanoTime();
                writeParallel(pool, out.resolve(rs ? "distinct.tokens" : name + ".tokens"), 1, count,
                        i -> token(key, i, now, lifetime));
                System.out.printf("minted %d %s tokens in %.1f s%n", count, key.alg().jwsName(),
                        (System.nanoTime() - start) / 1e9);
            }

            String secret = randomHex(32);
            Files.writeString(out.resolve("hs256.secret"), secret + "\n");
            SecretKey hmac = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            int half = hsCount / 2;
            writeParallel(pool, out.resolve("heap.0.tokens"), 1, half, i -> hs256(hmac, i, now, lifetime));
            writeParallel(pool, out.resolve("heap.1.tokens"), half + 1, hsCount - half,
                    i -> hs256(hmac, i, now, lifetime));
            System.out.printf("minted %d HS256 tokens in %.1f s%n", hsCount, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Minter {
        String mint(int serial) throws Exception;
    }

    private static void writeParallel(ExecutorService pool, Path file, int first, int count, Minter minter)
            throws Exception {
        int chunk = 4096;
        List<Future<String[]>> parts = new ArrayList<>();
        for (int from = 0; from < count; from += chunk) {
            int start = from;
            int n = Math.min(chunk, count - from);
            parts.add(pool.submit(() -> {
                String[] tokens = new String[n];
                for (int i = 0; i < n; i++) {
                    tokens[i] = minter.mint(first + start + i);
                }
                return tokens;
            }));
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (Future<String[]> part : parts) {
                for (String token : part.get()) {
                    w.write(token);
                    w.write('\n');
                }
            }
        }
    }

    private static Map<String, Object> claims(int serial) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "user-" + serial);
        claims.put("email", "user-" + serial + "@example.com");
        return claims;
    }

    private static String token(SigningKey key, int serial, Instant now, long lifetime) {
        return key.issue(RS_ISSUER, now, Duration.ofSeconds(lifetime)).audience().add(BenchKeys.AUDIENCE).and()
                .claims(claims(serial)).id(key.kid() + "-" + serial).compact();
    }

    private static String hs256(SecretKey key, int serial, Instant now, long lifetime) {
        return Jwts.builder().issuer(HS_ISSUER).audience().add(BenchKeys.AUDIENCE).and()
                .claims(claims(serial)).id("hs-" + serial).issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(lifetime))).signWith(key, Jwts.SIG.HS256).compact();
    }

    /** The key of earlier runs for this algorithm when there is one, so tokens minted before stay valid. */
    private static SigningKey key(Path out, Alg alg) throws Exception {
        String name = alg.jwsName().toLowerCase(Locale.ROOT);
        Path privateFile = out.resolve(name + "-key.p8");
        Path publicFile = out.resolve(name + "-public.der");
        String kid = "load-" + name;
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            KeyFactory factory = KeyFactory.getInstance(switch (alg) {
                case RS256, PS256 -> "RSA";
                case ES256 -> "EC";
                case EdDSA -> "Ed25519";
            });
            return new SigningKey(kid, alg,
                    factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
        }
        KeyPair pair = alg.generateKeyPair();
        Files.write(privateFile, pair.getPrivate().getEncoded());
        Files.write(publicFile, pair.getPublic().getEncoded());
        return new SigningKey(kid, alg, pair.getPublic(), pair.getPrivate());
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
