package org.jwtverifier.introspection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.config.IntrospectionConfig;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.token.TimeClaims;
import org.jwtverifier.verdict.Reason;

/**
 * Introspects the tokens of one issuer (RFC 7662) and remembers the answers.
 *
 * <ul>
 *   <li>An active answer is remembered until the token's {@code exp}, at most {@code maxTtl}; an inactive one for
 *       {@code negativeTtl}. A failure is never remembered.</li>
 *   <li>Single-flight: while a call for a token is under way, every other request for that token waits for its
 *       answer (at most the call's timeouts plus {@code maxWait}) instead of making its own.</li>
 *   <li>At most {@code maxConcurrent} calls are in flight; a request that finds none free within {@code maxWait}
 *       is answered 503 at once. So a flood of distinct unknown tokens costs the IdP {@code maxConcurrent} calls at
 *       a time, and the verifier's request threads a bounded wait each.</li>
 *   <li>Calls run on the request's own thread: no thread of this class outlives a request or an undeploy.</li>
 *   <li>RFC 7662 §4: {@code active} is the one member taken on trust. Every decision, from a remembered answer or a
 *       fresh one alike, checks {@code exp}, {@code nbf} and {@code iat} against the clock with the issuer's skew
 *       ({@link TimeClaims}, the JWT path's very check), requires {@code exp} where the issuer does, requires
 *       {@code iss} (where present) to be exactly the issuer, and asks the revocations by {@code jti}, {@code sub}
 *       and {@code sid}.</li>
 *   <li>The token is kept and logged as a SHA-256 only: answers are remembered under it, and a log line names a
 *       token by its first 16 hex digits, as the decision log does.</li>
 * </ul>
 *
 * <p>Longer than most classes here on purpose: the remembered answers, the calls in flight that requests wait on
 * and the permits that bound them change together, and splitting them would spread one single-flight protocol over
 * several classes that each see only part of it.
 */
public final class Introspector {
    private static final Logger LOG = Logger.getLogger(Introspector.class.getName());
    /** At most one WARNING a minute: an IdP failing on every call must not flood the log (the rest go to FINE). */
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final IssuerConfig issuer;
    private final IntrospectionConfig config;
    private final Endpoint endpoint;
    private final RevocationCheck revocations;
    private final Clock clock;
    private final long skewMillis;
    private final Semaphore permits;
    private final Map<String, Remembered> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<IntrospectionAnswer>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile String lastError;
    /** Whether a failure was logged at WARNING since the last answer; then the next answer is logged too. */
    private volatile boolean warned;
    private volatile long lastWarningNanos = System.nanoTime() - WARNING_INTERVAL_NANOS;

    /** The endpoint as this class sees it: one call, one answer or a failure. */
    @FunctionalInterface
    interface Endpoint {
        IntrospectionAnswer introspect(String token) throws IntrospectionFailure;

        default String describe() {
            return "introspection endpoint";
        }
    }

    /** A remembered answer and the instant (epoch milliseconds) until which it may be used. */
    private record Remembered(IntrospectionAnswer answer, long untilMillis) {
    }

    /**
     * @param issuer      the issuer, with its {@code introspection} settings
     * @param endpoint    the issuer's endpoint ({@link IntrospectionClient}, or a stand-in)
     * @param revocations asked on every decision, as for JWTs
     */
    Introspector(IssuerConfig issuer, Endpoint endpoint, RevocationCheck revocations, Clock clock) {
        this.issuer = issuer;
        this.config = issuer.introspection().orElseThrow(() -> new IllegalArgumentException(
                issuer.issuer() + " has no introspection settings"));
        this.endpoint = endpoint;
        this.revocations = revocations;
        this.clock = clock;
        this.skewMillis = TimeClaims.skewMillis(issuer.clockSkew());
        this.permits = new Semaphore(config.maxConcurrent());
    }

    /** @return the issuer whose tokens this introspects */
    public String issuer() {
        return issuer.issuer();
    }

    /** @return whether its JWTs are introspected too, after their own verification */
    public boolean introspectsJwts() {
        return config.introspectJwts();
    }

    /**
     * @param token the token as the request carried it, bounded in size by the caller
     * @return the outcome; never throws for a token or an endpoint failing
     */
    public IntrospectionOutcome introspect(String token) {
        String key = key(token);
        Remembered remembered = answers.get(key);
        if (remembered != null && clock.millis() < remembered.untilMillis()) {
            hits.incrementAndGet();
            return judge(remembered.answer());
        }
        misses.incrementAndGet();
        IntrospectionAnswer answer = answer(token, key);
        return answer == null ? new IntrospectionOutcome.Unavailable(issuer()) : judge(answer);
    }

    /** @return the endpoint's answer, made by this request or by the one already asking; null when none came */
    private IntrospectionAnswer answer(String token, String key) {
        CompletableFuture<IntrospectionAnswer> mine = new CompletableFuture<>();
        CompletableFuture<IntrospectionAnswer> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) {
            return await(theirs);
        }
        try {
            // A call that ended between this request's cache miss and its claim left its answer behind: use it.
            Remembered justMade = answers.get(key);
            IntrospectionAnswer answer = justMade != null && clock.millis() < justMade.untilMillis()
                    ? justMade.answer() : call(token, key);
            mine.complete(answer);
            return answer;
        } finally {
            inFlight.remove(key, mine);
            // Waiters never hang on a leader that threw: they get no answer, as the leader did.
            mine.complete(null);
        }
    }

    private IntrospectionAnswer await(CompletableFuture<IntrospectionAnswer> call) {
        long bound = config.maxWait().toNanos() * 2 + config.connectTimeout().toNanos()
                + config.readTimeout().toNanos();
        try {
            return call.get(bound, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private IntrospectionAnswer call(String token, String key) {
        boolean permitted;
        try {
            permitted = permits.tryAcquire(config.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (!permitted) {
            busy.incrementAndGet();
            LOG.fine(() -> "introspection of " + issuer() + " busy: " + config.maxConcurrent()
                    + " calls in flight; token " + tokenHash(key) + " answered 503");
            return null;
        }
        try {
            calls.incrementAndGet();
            IntrospectionAnswer answer = endpoint.introspect(token);
            remember(key, answer);
            lastError = null;
            if (warned) {
                warned = false;
                LOG.info(() -> "introspection of " + issuer() + " answers again (" + endpoint.describe() + ")");
            }
            return answer;
        } catch (IntrospectionFailure e) {
            failures.incrementAndGet();
            lastError = e.getMessage();
            Level level = warnNow() ? Level.WARNING : Level.FINE;
            LOG.log(level, () -> "introspection of " + issuer() + " failed for token " + tokenHash(key) + ": "
                    + e.getMessage() + "; unknown tokens are answered 503 until it answers");
            return null;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastError = e.getClass().getSimpleName();
            warned = true;
            LOG.log(Level.WARNING, "introspection of " + issuer() + " failed for token " + tokenHash(key), e);
            return null;
        } finally {
            permits.release();
        }
    }

    private boolean warnNow() {
        long now = System.nanoTime();
        if (now - lastWarningNanos < WARNING_INTERVAL_NANOS) {
            return false;
        }
        lastWarningNanos = now;
        warned = true;
        return true;
    }

    private void remember(String key, IntrospectionAnswer answer) {
        long now = clock.millis();
        long until;
        if (answer.active()) {
            until = now + config.maxTtl().toMillis();
            Long exp = answer.millis("exp");
            if (exp != null) {
                until = Math.min(until, exp);
            }
        } else {
            until = now + config.negativeTtl().toMillis();
        }
        if (until <= now) {
            return;
        }
        if (answers.size() >= config.maxEntries()) {
            evict(now);
        }
        answers.put(key, new Remembered(answer, until));
    }

    /** Drops what has run out; if that frees nothing, drops one entry, so the bound holds under any flood. */
    private void evict(long now) {
        answers.values().removeIf(r -> r.untilMillis() <= now);
        Iterator<String> keys = answers.keySet().iterator();
        while (answers.size() >= config.maxEntries() && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** RFC 7662 §4: only {@code active} is taken as said; the rest is checked here, on every decision. */
    private IntrospectionOutcome judge(IntrospectionAnswer answer) {
        if (!answer.active()) {
            return new IntrospectionOutcome.Rejected(Reason.INACTIVE_TOKEN, issuer());
        }
        Object iss = answer.claims().get("iss");
        if (iss != null && !issuer().equals(iss)) {
            return new IntrospectionOutcome.Rejected(Reason.UNKNOWN_ISSUER, issuer());
        }
        Long exp = answer.millis("exp");
        Long iat = answer.millis("iat");
        TimeClaims times = new TimeClaims(exp, answer.millis("nbf"), iat, skewMillis);
        Reason late = times.check(clock).orElse(null);
        if (late != null) {
            return new IntrospectionOutcome.Rejected(late, issuer());
        }
        if (exp == null && issuer.requireExpiry()) {
            return new IntrospectionOutcome.Rejected(Reason.MISSING_EXPIRY, issuer());
        }
        if (revocations.isRevoked(issuer(), answer.string("jti"), answer.string("sub"), answer.string("sid"), iat,
                clock.millis())) {
            return new IntrospectionOutcome.Rejected(Reason.REVOKED, issuer());
        }
        Map<String, Object> claims = answer.claims();
        if (iss == null) {
            claims = new LinkedHashMap<>(claims);
            claims.put("iss", issuer());
        }
        return new IntrospectionOutcome.Active(issuer(), claims);
    }

    /** Forgets every remembered answer (JMX {@code flush()}). */
    public void flush() {
        answers.clear();
    }

    /** @return what JMX, {@code /metrics} and {@code /ready} show, copied at once */
    public IntrospectionStatus status() {
        return new IntrospectionStatus(issuer(), endpoint.describe(), config.introspectJwts(), calls.get(),
                failures.get(), busy.get(), hits.get(), misses.get(), answers.size(),
                config.maxConcurrent() - permits.availablePermits(), lastError);
    }

    /** The SHA-256 of the token: what answers are remembered under, so no token is held in memory. */
    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The token's name in a log line: the decision log's 16 hex digits of its SHA-256. */
    private static String tokenHash(String key) {
        byte[] digest = Base64.getUrlDecoder().decode(key);
        return java.util.HexFormat.of().formatHex(digest, 0, 8);
    }
}
