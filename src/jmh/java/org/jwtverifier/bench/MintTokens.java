package org.jwtverifier.bench;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestKeys;

/**
 * Mints the tokens of the load benchmark into a folder (tomcat/bench/load.sh runs it):
 * <ul>
 *   <li>{@code rsa-key.p8} (kept between runs), {@code jwks.json} and {@code rsa-public.pem}: one RSA-2048 key;</li>
 *   <li>{@code one.token}: one RS256 token, for the cache-hit rows;</li>
 *   <li>{@code distinct.tokens}: N distinct RS256 tokens, one a line, for the rows that must verify every time;</li>
 *   <li>{@code ec-key.p8}, {@code ec-public.der} (kept between runs), {@code ec-jwks.json} and
 *       {@code es256.tokens}: one P-256 key and N distinct ES256 tokens of issuer {@value #EC_ISSUER};</li>
 *   <li>{@code hs256.secret} and {@code heap.0.tokens}, {@code heap.1.tokens}: M distinct HS256 tokens split in
 *       two (one file per wrk thread), for the cache-bound check: HMAC keeps minting and verifying a million
 *       tokens within minutes, and a cache entry is the same whatever the algorithm.</li>
 * </ul>
 * Usage: {@code MintTokens <folder> <rs256-count> <hs256-count> <lifetime-seconds>}
 */
public final class MintTokens {
    public static final String RS_ISSUER = BenchKeys.ISSUER;
    public static final String HS_ISSUER = "https://hmac.bench.example";
    public static final String EC_ISSUER = "https://ec.bench.example";
    private static final String KID = "load-rsa";

    private MintTokens() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rsCount = Integer.parseInt(args[1]);
        int hsCount = Integer.parseInt(args[2]);
        long lifetime = Long.parseLong(args[3]);
        Files.createDirectories(out);
        KeyPair pair = rsaKey(out.resolve("rsa-key.p8"));
        SigningKey key = new SigningKey(KID, Alg.RS256, pair.getPublic(), pair.getPrivate());
        Files.writeString(out.resolve("jwks.json"), TestKeys.jwks(List.of(key)), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("rsa-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Instant now = Instant.now();
        Files.writeString(out.resolve("one.token"), rs256(key, 0, now, lifetime) + "\n");

        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            writeParallel(pool, out.resolve("distinct.tokens"), 1, rsCount, i -> rs256(key, i, now, lifetime));
            System.out.printf("minted %d RS256 tokens in %.1f s%n", rsCount, (System.nanoTime() - start) / 1e9);

            KeyPair ecPair = ecKey(out.resolve("ec-key.p8"), out.resolve("ec-public.der"));
            SigningKey ec = new SigningKey("load-ec", Alg.ES256, ecPair.getPublic(), ecPair.getPrivate());
            Files.writeString(out.resolve("ec-jwks.json"), TestKeys.jwks(List.of(ec)), StandardCharsets.UTF_8);
            start = System.nanoTime();
            writeParallel(pool, out.resolve("es256.tokens"), 1, rsCount, i -> ec.issue(EC_ISSUER, now,
                    Duration.ofSeconds(lifetime)).audience().add(BenchKeys.AUDIENCE).and().claims(claims(i))
                    .id("ec-" + i).compact());
            System.out.printf("minted %d ES256 tokens in %.1f s%n", rsCount, (System.nanoTime() - start) / 1e9);

            String secret = randomHex(32);
            Files.writeString(out.resolve("hs256.secret"), secret + "\n");
            SecretKey hmac = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
            start = System.nanoTime();
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

    private static String rs256(SigningKey key, int serial, Instant now, long lifetime) {
        return key.issue(RS_ISSUER, now, Duration.ofSeconds(lifetime)).audience().add(BenchKeys.AUDIENCE).and()
                .claims(claims(serial)).id("rs-" + serial).compact();
    }

    private static String hs256(SecretKey key, int serial, Instant now, long lifetime) {
        return Jwts.builder().issuer(HS_ISSUER).audience().add(BenchKeys.AUDIENCE).and()
                .claims(claims(serial)).id("hs-" + serial).issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(lifetime))).signWith(key, Jwts.SIG.HS256).compact();
    }

    /** The RSA key of earlier runs when there is one, so tokens minted before stay valid. */
    private static KeyPair rsaKey(Path file) throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (Files.exists(file)) {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
            return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())),
                    key);
        }
        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        Files.write(file, pair.getPrivate().getEncoded());
        return pair;
    }

    /** The P-256 key of earlier runs when there is one. */
    private static KeyPair ecKey(Path privateFile, Path publicFile) throws Exception {
        KeyFactory ec = KeyFactory.getInstance("EC");
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return new KeyPair(ec.generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(publicFile))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
        }
        KeyPair pair = Jwts.SIG.ES256.keyPair().build();
        Files.write(privateFile, pair.getPrivate().getEncoded());
        Files.write(publicFile, pair.getPublic().getEncoded());
        return pair;
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
