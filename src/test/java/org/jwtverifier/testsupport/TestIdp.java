package org.jwtverifier.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An identity provider for tests: a JDK {@link HttpServer} on 127.0.0.1 (free port) that serves
 * <ul>
 *   <li>{@code /jwks.json}: the public keys it publishes (plus any raw JWK added with {@link #addRawJwk}),</li>
 *   <li>{@code /.well-known/openid-configuration}: {@code issuer} and {@code jwks_uri}.</li>
 * </ul>
 * It holds one active signing key per {@link Alg}, with kids {@code <alg>-<tag>-<n>} ({@code rs256-3fa9c1-1}, …):
 * the tag is random unless given, so keys of different IdP instances never share a kid by accident (a verifier
 * may remember keys of an issuer across deployments); give two instances the same tag to make their kids collide
 * on purpose. It mints tokens with JJWT, rotates keys, and can be put into failure modes on command.
 */
public final class TestIdp implements AutoCloseable {

    public static final String JWKS_PATH = "/jwks.json";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private enum Mode { NORMAL, FAIL_500, HANG, GARBAGE }

    private final LoopbackHttpServer server;
    private final String baseUrl;
    private final String issuer;
    private final String kidTag;

    private final Object lock = new Object();
    private final Map<Alg, SigningKey> active = new EnumMap<>(Alg.class);
    private final List<SigningKey> published = new ArrayList<>();
    private final List<String> rawJwks = new ArrayList<>();
    private final Map<Alg, Integer> generation = new EnumMap<>(Alg.class);

    private volatile Mode mode = Mode.NORMAL;
    private volatile CountDownLatch hangLatch = new CountDownLatch(0);
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger discoveryFetches = new AtomicInteger();

    private TestIdp(String issuerOrNull, String kidTag) {
        this.kidTag = kidTag;
        server = LoopbackHttpServer.bind("test-idp");
        baseUrl = "http://127.0.0.1:" + server.port();
        issuer = issuerOrNull != null ? issuerOrNull : baseUrl;
        for (Alg alg : Alg.values()) {
            SigningKey key = SigningKey.generate(alg, kid(alg, 1));
            generation.put(alg, 1);
            active.put(alg, key);
            published.add(key);
        }
        server.handle(JWKS_PATH, this::serveJwks);
        server.handle(DISCOVERY_PATH, this::serveDiscovery);
        server.start();
    }

    /** Starts an IdP whose issuer is its own base URL ({@code http://127.0.0.1:PORT}). */
    public static TestIdp start() {
        return new TestIdp(null, randomTag());
    }

    /** Starts an IdP with the given {@code iss} value (null: its base URL). */
    public static TestIdp start(String issuer) {
        return new TestIdp(issuer, randomTag());
    }

    /** Starts an IdP with the given {@code iss} value (null: its base URL) and kid tag. */
    public static TestIdp start(String issuer, String kidTag) {
        return new TestIdp(issuer, kidTag);
    }

    /** Six random hex digits. */
    public static String randomTag() {
        return String.format("%06x", new java.security.SecureRandom().nextInt(1 << 24));
    }

    /** The kid of the {@code n}-th key of {@code alg} (1 at start, +1 per rotation). */
    public String kid(Alg alg, int n) {
        return alg.kidPrefix() + "-" + kidTag + "-" + n;
    }

    // ---- addresses -------------------------------------------------------------------------------

    public String issuer() {
        return issuer;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String jwksUri() {
        return baseUrl + JWKS_PATH;
    }

    public String discoveryUri() {
        return baseUrl + DISCOVERY_PATH;
    }

    // ---- keys --------------------------------------------------------------------------------------

    /** The key currently used to sign tokens of this algorithm. */
    public SigningKey key(Alg alg) {
        synchronized (lock) {
            return active.get(alg);
        }
    }

    /** The keys currently published in the JWKS (raw JWKs excluded). */
    public List<SigningKey> publishedKeys() {
        synchronized (lock) {
            return List.copyOf(published);
        }
    }

    /** Rotates the RS256 key and keeps the old one published (the usual overlap). */
    public SigningKey rotate() {
        return rotate(Alg.RS256, false);
    }

    /**
     * Adds a new key for {@code alg} (kid {@code <alg>-<tag>-<n>}), signs with it from now on, and, if
     * {@code dropOld}, removes the previous one from the JWKS.
     */
    public SigningKey rotate(Alg alg, boolean dropOld) {
        synchronized (lock) {
            int next = generation.merge(alg, 1, Integer::sum);
            SigningKey fresh = SigningKey.generate(alg, kid(alg, next));
            SigningKey old = active.put(alg, fresh);
            if (dropOld) {
                published.remove(old);
            }
            published.add(fresh);
            return fresh;
        }
    }

    /** Publishes an extra key (for example another issuer's key, or one with a colliding kid). */
    public void publish(SigningKey key) {
        synchronized (lock) {
            published.add(key);
        }
    }

    /** Removes every published key with this kid. */
    public void unpublish(String kid) {
        synchronized (lock) {
            published.removeIf(k -> k.kid().equals(kid));
        }
    }

    /** Adds a JWK to the served set exactly as given (for "one bad key in the set" tests). */
    public void addRawJwk(String jwkJson) {
        synchronized (lock) {
            rawJwks.add(jwkJson);
        }
    }

    public void clearRawJwks() {
        synchronized (lock) {
            rawJwks.clear();
        }
    }

    /** The JWKS document as currently served in normal mode. */
    public String jwksJson() {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder("{\"keys\":[");
            String sep = "";
            for (SigningKey k : published) {
                sb.append(sep).append(k.publicJwkJson());
                sep = ",";
            }
            for (String raw : rawJwks) {
                sb.append(sep).append(raw);
                sep = ",";
            }
            return sb.append("]}").toString();
        }
    }

    // ---- tokens ------------------------------------------------------------------------------------

    /**
     * A JJWT builder prefilled with {@code kid}, {@code typ=JWT}, {@code iss}, {@code iat=now},
     * {@code exp=now+5m}, a random {@code jti}, and signed with the active key for {@code alg}.
     * Add {@code aud}, {@code sub} and the rest, then {@code compact()}; every prefilled value can be overridden.
     */
    public JwtBuilder token(Alg alg) {
        return token(key(alg));
    }

    /** As {@link #token(Alg)}, but signed with the given key (which need not be published). */
    public JwtBuilder token(SigningKey key) {
        return key.issue(issuer, Instant.now(), Duration.ofMinutes(5))
                .header().type("JWT").and()
                .id(UUID.randomUUID().toString());
    }

    /** A valid token for {@code audience} with the given subject and email. */
    public String mint(Alg alg, String audience, String subject, String email) {
        JwtBuilder b = token(alg).audience().add(audience).and().subject(subject);
        if (email != null) {
            b.claim("email", email);
        }
        return b.compact();
    }

    /** A token from {@link #token(Alg)} after {@code customizer} has run on the builder. */
    public String mint(Alg alg, Consumer<JwtBuilder> customizer) {
        JwtBuilder b = token(alg);
        customizer.accept(b);
        return b.compact();
    }

    // ---- failure modes ---------------------------------------------------------------------------

    /** Every request answers 500. */
    public void failWith500() {
        mode = Mode.FAIL_500;
    }

    /** Every request is accepted and never answered, until {@link #restore()} (or {@link #close()}). */
    public void hang() {
        synchronized (lock) {
            if (mode != Mode.HANG) {
                hangLatch = new CountDownLatch(1);
                mode = Mode.HANG;
            }
        }
    }

    /** Every request answers 200 with a body that is not a JWKS (nor JSON). */
    public void serveGarbage() {
        mode = Mode.GARBAGE;
    }

    /** Back to normal; requests hanging since {@link #hang()} are then answered normally. */
    public void restore() {
        synchronized (lock) {
            mode = Mode.NORMAL;
            hangLatch.countDown();
        }
    }

    /** How many requests {@code /jwks.json} received, whatever the mode and outcome. */
    public int fetchCount() {
        return jwksFetches.get();
    }

    public int discoveryFetchCount() {
        return discoveryFetches.get();
    }

    public void resetCounts() {
        jwksFetches.set(0);
        discoveryFetches.set(0);
    }

    // ---- HTTP --------------------------------------------------------------------------------------

    private void serveJwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        respond(exchange, this::jwksJson);
    }

    private void serveDiscovery(HttpExchange exchange) throws IOException {
        discoveryFetches.incrementAndGet();
        respond(exchange, () -> "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"PS256\",\"ES256\",\"EdDSA\"]}");
    }

    private void respond(HttpExchange exchange, java.util.function.Supplier<String> body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Mode m = mode;
            if (m == Mode.HANG) {
                CountDownLatch latch = hangLatch;
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                m = mode;
            }
            switch (m) {
                case FAIL_500 -> send(exchange, 500, "text/plain", "internal error (test IdP failure mode)");
                case GARBAGE -> send(exchange, 200, "application/json", "<html>\u0000 this is not a JWKS {\"keys\":[");
                default -> send(exchange, 200, "application/json", body.get());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        restore();
        server.close();
    }
}
