package org.jwtverifier.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.verdict.Reason;
import org.jwtverifier.verdict.Unavailability;

/**
 * The one set of counters of a deployment: Prometheus metrics that {@code /metrics} exposes and the JMX beans read,
 * so the two views can never disagree. Label values are bounded: outcomes and reasons are fixed sets, issuers are
 * the configured ones ({@code none} when a token named no configured issuer).
 *
 * <p>Every labelled series a scrape can ever show for the configured issuers is there from the first scrape, at
 * 0: a counter that appears only with its first increment hides that increment from {@code increase()} and
 * {@code rate()}, so an alert on the first JWKS failure or the first 503 would never fire. Issuers are read from the
 * key stores at each scrape, so issuers added by a configuration reload get their series at the next scrape.
 *
 * <p>Built without exemplars: exemplar sampling starts a scheduler thread that outlives an undeploy.
 *
 * <p>Longer than the project's other classes on purpose: every metric family is declared, pre-created and read
 * here, next to the one registry that holds them, so that {@code /metrics}, the JMX beans and docs/metrics.md
 * (held to this class by VerifierMetricsTest) describe one list.
 */
public final class VerifierMetrics implements DecisionListener, KeySourceListener {
    /** The {@code issuer} label when a request named no configured issuer. */
    public static final String NO_ISSUER = "none";
    /** The {@code reason} label of admitted requests. */
    public static final String ADMITTED_REASON = "verified";
    private static final String ADMITTED = "admitted";
    private static final String REJECTED = "rejected";
    private static final String UNAVAILABLE = "unavailable";
    private static final List<String> OUTCOMES = List.of(ADMITTED, REJECTED, UNAVAILABLE);

    private static final double[] LATENCY_BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions;
    private final Histogram latency;
    private final Counter fetches;
    private final Counter rateLimited;
    private final Counter staleServed;
    private final Counter keysSkipped;
    private volatile Supplier<Collection<KeyStoreStatus>> keyStores = List::of;
    private volatile Supplier<TokenCacheReading> tokenCache = () -> null;
    private final Counter revocationsMade;
    private final Counter revocationsRefused;
    private final Counter logoutRequests;
    private volatile Supplier<RevocationReading> revocations = () -> null;
    private volatile Supplier<IntrospectionReading> introspection = () -> null;

    public VerifierMetrics() {
        decisions = Counter.builder().name("jwt_verifier_decisions_total")
                .help("Forward-auth decisions by outcome (admitted, rejected, unavailable), reason code and issuer")
                .labelNames("outcome", "reason", "issuer").withoutExemplars().build();
        latency = Histogram.builder().name("jwt_verifier_decision_duration_seconds")
                .help("Time to decide one forward-auth request, inside the verifier")
                .labelNames("outcome").classicOnly().classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().build();
        fetches = Counter.builder().name("jwt_verifier_jwks_fetches_total")
                .help("JWKS fetches by issuer and result (success, failure)")
                .labelNames("issuer", "result").withoutExemplars().build();
        rateLimited = Counter.builder().name("jwt_verifier_jwks_refresh_rate_limited_total")
                .help("Forced JWKS refreshes (unknown kid) not made because the last fetch was too recent")
                .labelNames("issuer").withoutExemplars().build();
        staleServed = Counter.builder().name("jwt_verifier_jwks_stale_served_total")
                .help("Lookups answered from a key set past its TTL because no fresh one could be fetched")
                .labelNames("issuer").withoutExemplars().build();
        keysSkipped = Counter.builder().name("jwt_verifier_jwks_keys_skipped_total")
                .help("JWKs skipped as unusable (unsupported, unparseable, private, not for signatures)")
                .labelNames("issuer").withoutExemplars().build();
        GaugeWithCallback keyCount = GaugeWithCallback.builder().name("jwt_verifier_jwks_keys")
                .help("Usable keys held per issuer").labelNames("issuer")
                .callback(cb -> keyStores.get().forEach(s -> cb.call(s.keys().size(), s.issuer()))).build();
        GaugeWithCallback age = GaugeWithCallback.builder().name("jwt_verifier_jwks_age_seconds")
                .help("Age of the key set held per issuer").labelNames("issuer")
                .callback(cb -> keyStores.get().stream().filter(s -> s.age() != null)
                        .forEach(s -> cb.call(s.age().toMillis() / 1000.0, s.issuer()))).build();
        GaugeWithCallback usable = GaugeWithCallback.builder().name("jwt_verifier_jwks_usable")
                .help("1 when the issuer's held keys may verify tokens (held and within max-stale), else 0")
                .labelNames("issuer")
                .callback(cb -> keyStores.get().forEach(s -> cb.call(s.usable() ? 1 : 0, s.issuer()))).build();
        CounterWithCallback cacheLookups = CounterWithCallback.builder().name("jwt_verifier_token_cache_lookups")
                .help("Verified-token cache lookups by result (hit, miss); restarts from 0 on configuration reload")
                .labelNames("result").callback(cb -> {
                    TokenCacheReading cache = tokenCache.get();
                    // No cache (disabled, or not built yet): no lookups, which is 0, not an absent series.
                    cb.call(cache == null ? 0 : cache.hits(), "hit");
                    cb.call(cache == null ? 0 : cache.misses(), "miss");
                }).build();
        GaugeWithCallback cacheSize = GaugeWithCallback.builder().name("jwt_verifier_token_cache_entries")
                .help("Verified tokens currently remembered")
                .callback(cb -> {
                    TokenCacheReading cache = tokenCache.get();
                    cb.call(cache == null ? 0 : cache.entries());
                }).build();
        revocationsMade = Counter.builder().name("jwt_verifier_revocations_made_total")
                .help("Revocations made, by kind (token_id, subject, session) and source (jmx, backchannel_logout)")
                .labelNames("kind", "source").withoutExemplars().build();
        revocationsRefused = Counter.builder().name("jwt_verifier_revocations_refused_total")
                .help("Revocations refused because the store held revocation.maxEntries entries")
                .withoutExemplars().build();
        logoutRequests = Counter.builder().name("jwt_verifier_backchannel_logout_requests_total")
                .help("Back-channel logout requests by result (accepted, rejected)")
                .labelNames("result").withoutExemplars().build();
        GaugeWithCallback revocationEntries = GaugeWithCallback.builder().name("jwt_verifier_revocations")
                .help("Revocations in force, by kind").labelNames("kind")
                .callback(cb -> {
                    RevocationReading reading = revocations.get();
                    for (String kind : REVOCATION_KINDS) {
                        Long n = reading == null ? null : reading.entries().get(kind);
                        cb.call(n == null ? 0 : n, kind);
                    }
                }).build();
        GaugeWithCallback storeReachable = GaugeWithCallback.builder()
                .name("jwt_verifier_revocation_store_reachable")
                .help("1 when the revocation store's storage answers, else 0 (revocations last known still hold)")
                .labelNames("mode")
                .callback(cb -> {
                    RevocationReading reading = revocations.get();
                    if (reading != null) {
                        cb.call(reading.reachable() ? 1 : 0, reading.mode());
                    }
                }).build();
        GaugeWithCallback storePending = GaugeWithCallback.builder()
                .name("jwt_verifier_revocation_store_pending_writes")
                .help("Revocation changes made here and not yet written to shared storage")
                .callback(cb -> {
                    RevocationReading reading = revocations.get();
                    cb.call(reading == null ? 0 : reading.pendingWrites());
                }).build();
        CounterWithCallback introspectionCalls = CounterWithCallback.builder()
                .name("jwt_verifier_introspection_calls")
                .help("Calls to introspection endpoints (RFC 7662) by result (answered, failed), all issuers; restarts"
                        + " from 0 on configuration reload")
                .labelNames("result").callback(cb -> {
                    IntrospectionReading reading = introspection();
                    cb.call(reading.calls() - reading.failures(), "answered");
                    cb.call(reading.failures(), "failed");
                }).build();
        CounterWithCallback introspectionBusy = CounterWithCallback.builder()
                .name("jwt_verifier_introspection_busy")
                .help("Requests answered 503 because maxConcurrent introspection calls were in flight for all of "
                        + "maxWait; restarts from 0 on configuration reload")
                .callback(cb -> cb.call(introspection().busy())).build();
        CounterWithCallback introspectionLookups = CounterWithCallback.builder()
                .name("jwt_verifier_introspection_cache_lookups")
                .help("Introspection answer lookups by result (hit, miss); restarts from 0 on configuration reload")
                .labelNames("result").callback(cb -> {
                    IntrospectionReading reading = introspection();
                    cb.call(reading.hits(), "hit");
                    cb.call(reading.misses(), "miss");
                }).build();
        GaugeWithCallback introspectionEntries = GaugeWithCallback.builder()
                .name("jwt_verifier_introspection_cache_entries")
                .help("Introspection answers currently remembered, all issuers")
                .callback(cb -> cb.call(introspection().entries())).build();
        registry.register(introspectionCalls);
        registry.register(introspectionBusy);
        registry.register(introspectionLookups);
        registry.register(introspectionEntries);
        registry.register(revocationsMade);
        registry.register(revocationsRefused);
        registry.register(logoutRequests);
        registry.register(revocationEntries);
        registry.register(storeReachable);
        registry.register(storePending);
        registry.register(cacheLookups);
        registry.register(cacheSize);
        registry.register(decisions);
        registry.register(latency);
        registry.register(fetches);
        registry.register(rateLimited);
        registry.register(staleServed);
        registry.register(keysSkipped);
        registry.register(keyCount);
        registry.register(age);
        registry.register(usable);
        // JVM basics; allocation metrics are left out on purpose: they register GC notification listeners on
        // platform MBeans, which would pin this web application's class loader after an undeploy.
        JvmThreadsMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** Tells the key gauges where to read key store state; it follows configuration reloads. */
    public void watchKeyStores(Supplier<Collection<KeyStoreStatus>> statuses) {
        this.keyStores = statuses;
    }

    /**
     * What a scrape reads of the verified-token cache: copied while the cache is known to be open, since a
     * configuration reload may close it at any moment after.
     */
    public record TokenCacheReading(long hits, long misses, long entries) {
    }

    /** Tells the cache metrics how to read the verified-token cache (the supplier returns null: no cache). */
    public void watchTokenCache(Supplier<TokenCacheReading> cache) {
        this.tokenCache = cache;
    }

    /**
     * What a scrape reads of introspection, summed over the issuers that have it (JMX and {@code /ready} show each
     * issuer): an issuer label would leave the series absent wherever no issuer introspects, and the alert rules and
     * the dashboard read them everywhere.
     */
    public record IntrospectionReading(long calls, long failures, long busy, long hits, long misses, long entries) {
        /** Nothing introspected (no issuer has it, or nothing built yet): every series at 0, never absent. */
        public static final IntrospectionReading NONE = new IntrospectionReading(0, 0, 0, 0, 0, 0);
    }

    private IntrospectionReading introspection() {
        IntrospectionReading reading = introspection.get();
        return reading == null ? IntrospectionReading.NONE : reading;
    }

    /** Tells the introspection metrics how to read (the supplier returns null: nothing to read). */
    public void watchIntrospection(Supplier<IntrospectionReading> reading) {
        this.introspection = reading;
    }

    /** The revocation kinds as metric labels. */
    public static final List<String> REVOCATION_KINDS = List.of("token_id", "subject", "session");
    /** The sources of revocations as metric labels. */
    public static final List<String> REVOCATION_SOURCES = List.of("jmx", "backchannel_logout");

    /**
     * What a scrape reads of the revocations.
     *
     * @param entries entries in force by kind label ({@link #REVOCATION_KINDS})
     */
    public record RevocationReading(Map<String, Long> entries, String mode, boolean reachable, long pendingWrites) {
    }

    /** Tells the revocation gauges where to read. */
    public void watchRevocations(Supplier<RevocationReading> reading) {
        this.revocations = reading;
    }

    /** @param kind one of {@link #REVOCATION_KINDS}; @param source one of {@link #REVOCATION_SOURCES} */
    public void revocationMade(String kind, String source) {
        revocationsMade.labelValues(kind, source).inc();
    }

    public void revocationRefused() {
        revocationsRefused.inc();
    }

    /** @param accepted whether the logout token was valid and its session or subject revoked */
    public void backchannelLogout(boolean accepted) {
        logoutRequests.labelValues(accepted ? "accepted" : "rejected").inc();
    }

    public long revocationsRefused() {
        return (long) revocationsRefused.get();
    }

    public long backchannelLogouts(boolean accepted) {
        String result = accepted ? "accepted" : "rejected";
        return sum(logoutRequests, l -> result.equals(l.get("result")));
    }

    @Override
    public void decided(Decision decision, long elapsedNanos) {
        String outcome = decision.match(admitted -> ADMITTED, rejected -> REJECTED, unavailable -> UNAVAILABLE);
        String reason = decision.match(admitted -> ADMITTED_REASON, rejected -> rejected.reason().code(),
                unavailable -> unavailable.cause().code());
        decisions.labelValues(outcome, reason, decision.issuer() == null ? NO_ISSUER : decision.issuer()).inc();
        latency.labelValues(outcome).observe(elapsedNanos / 1e9);
    }

    /**
     * Creates at 0 every series not yet there: per issuer (and {@value #NO_ISSUER}) each decision outcome with the
     * reasons that outcome can have, the latency of each outcome, and each key counter. Cheap when they exist.
     */
    private void initialiseSeries(Collection<KeyStoreStatus> stores) {
        for (String outcome : OUTCOMES) {
            latency.initLabelValues(outcome);
        }
        initialiseDecisions(NO_ISSUER);
        for (String kind : REVOCATION_KINDS) {
            for (String source : REVOCATION_SOURCES) {
                revocationsMade.initLabelValues(kind, source);
            }
        }
        logoutRequests.initLabelValues("accepted");
        logoutRequests.initLabelValues("rejected");
        for (KeyStoreStatus store : stores) {
            String issuer = store.issuer();
            initialiseDecisions(issuer);
            fetches.initLabelValues(issuer, "success");
            fetches.initLabelValues(issuer, "failure");
            rateLimited.initLabelValues(issuer);
            staleServed.initLabelValues(issuer);
            keysSkipped.initLabelValues(issuer);
        }
    }

    private void initialiseDecisions(String issuer) {
        if (!issuer.equals(NO_ISSUER)) {
            decisions.initLabelValues(ADMITTED, ADMITTED_REASON, issuer);
        }
        for (Reason reason : Reason.values()) {
            decisions.initLabelValues(REJECTED, reason.code(), issuer);
        }
        // The unavailabilities a decision reaches; a stop or a reload answers 503 without deciding.
        decisions.initLabelValues(UNAVAILABLE, Unavailability.KEYS_UNAVAILABLE.code(), issuer);
        decisions.initLabelValues(UNAVAILABLE, Unavailability.INTROSPECTION_UNAVAILABLE.code(), issuer);
    }

    @Override
    public void fetched(String issuer, int usableKeys, int skippedKeys) {
        fetches.labelValues(issuer, "success").inc();
    }

    @Override
    public void fetchFailed(String issuer, String reason) {
        fetches.labelValues(issuer, "failure").inc();
    }

    @Override
    public void refreshRateLimited(String issuer) {
        rateLimited.labelValues(issuer).inc();
    }

    @Override
    public void servedStale(String issuer, Duration age) {
        staleServed.labelValues(issuer).inc();
    }

    @Override
    public void keySkipped(String issuer, String kid, String reason) {
        keysSkipped.labelValues(issuer).inc();
    }

    /** @return decisions with this outcome ({@code admitted}, {@code rejected}, {@code unavailable}) */
    public long decisions(String outcome) {
        return sum(decisions, labels -> outcome.equals(labels.get("outcome")));
    }

    /** @return decision counts by reason code, admitted ones under {@value #ADMITTED_REASON} */
    public Map<String, Long> decisionsByReason() {
        return sumBy(decisions, "reason");
    }

    /** @return decision counts by issuer */
    public Map<String, Long> decisionsByIssuer() {
        return sumBy(decisions, "issuer");
    }

    public long fetches(String issuer, String result) {
        return sum(fetches, l -> issuer.equals(l.get("issuer")) && result.equals(l.get("result")));
    }

    public long rateLimited(String issuer) {
        return sum(rateLimited, l -> issuer.equals(l.get("issuer")));
    }

    public long staleServed(String issuer) {
        return sum(staleServed, l -> issuer.equals(l.get("issuer")));
    }

    public long keysSkipped(String issuer) {
        return sum(keysSkipped, l -> issuer.equals(l.get("issuer")));
    }

    /**
     * An estimate of a latency quantile across all outcomes, from the histogram's buckets (the upper bound of the
     * bucket the quantile falls in), in microseconds; 0 when nothing was measured.
     */
    public long latencyQuantileMicros(double quantile) {
        HistogramSnapshot snapshot = latency.collect();
        double[] bounds = null;
        long[] counts = null;
        for (HistogramSnapshot.HistogramDataPointSnapshot point : snapshot.getDataPoints()) {
            var buckets = point.getClassicBuckets();
            if (bounds == null) {
                bounds = new double[buckets.size()];
                counts = new long[buckets.size()];
            }
            for (int i = 0; i < buckets.size(); i++) {
                bounds[i] = buckets.getUpperBound(i);
                counts[i] += buckets.getCount(i);
            }
        }
        if (counts == null) {
            return 0;
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Double.isInfinite(bounds[i]) ? Long.MAX_VALUE : Math.round(bounds[i] * 1e6);
            }
        }
        return Long.MAX_VALUE;
    }

    /** Sets the decision counters and latency back to zero (Prometheus reads this as a counter reset). */
    public void resetDecisions() {
        decisions.clear();
        latency.clear();
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void writeTo(OutputStream out) throws IOException {
        initialiseSeries(keyStores.get());
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    }

    /** @return the content type of {@link #writeTo} */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static long sum(Counter counter, Predicate<Labels> filter) {
        long total = 0;
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.collect().getDataPoints()) {
            if (filter.test(point.getLabels())) {
                total += (long) point.getValue();
            }
        }
        return total;
    }

    private static Map<String, Long> sumBy(Counter counter, String label) {
        Map<String, Long> out = new TreeMap<>();
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.collect().getDataPoints()) {
            out.merge(point.getLabels().get(label), (long) point.getValue(), Long::sum);
        }
        // Series initialised at 0 for the scrape are not counts anyone saw: the JMX view lists what happened.
        out.values().removeIf(count -> count == 0);
        return out;
    }
}
