package org.jwtverifier.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.testsupport.MetricsText;
import org.jwtverifier.verdict.Reason;
import org.jwtverifier.verdict.Unavailability;
import org.junit.jupiter.api.Test;

class VerifierMetricsTest {
    private final VerifierMetrics metrics = new VerifierMetrics();

    @Test
    void decidedThenCountersByOutcomeReasonAndIssuerMove() {
        metrics.decided(Decision.admit(Map.of(), "default", "https://a", "k"), 120_000);
        metrics.decided(Decision.admit(Map.of(), "default", "https://a", "k"), 80_000);
        metrics.decided(Decision.reject(Reason.EXPIRED, "default", "https://a", "k"), 90_000);
        metrics.decided(Decision.reject(Reason.MISSING_TOKEN, "default", null, null), 10_000);
        metrics.decided(Decision.unavailable(Unavailability.KEYS_UNAVAILABLE, "default", "https://b", null), 1_000_000);
        assertEquals(2, metrics.decisions("admitted"));
        assertEquals(2, metrics.decisions("rejected"));
        assertEquals(1, metrics.decisions("unavailable"));
        assertEquals(Map.of("verified", 2L, "expired", 1L, "missing_token", 1L, "keys_unavailable", 1L),
                metrics.decisionsByReason());
        assertEquals(Map.of("https://a", 3L, "none", 1L, "https://b", 1L), metrics.decisionsByIssuer());
        assertEquals(100, metrics.latencyQuantileMicros(0.5));
        assertEquals(1000, metrics.latencyQuantileMicros(0.99));
    }

    @Test
    void resetDecisionsThenZero() {
        metrics.decided(Decision.admit(Map.of(), "default", "https://a", "k"), 1000);
        metrics.resetDecisions();
        assertEquals(0, metrics.decisions("admitted"));
        assertEquals(0, metrics.latencyQuantileMicros(0.5));
    }

    @Test
    void writeToThenPrometheusTextWithTheSameCountersAndKeyGauges() throws Exception {
        metrics.decided(Decision.reject(Reason.BAD_SIGNATURE, "default", "https://a", "k"), 1000);
        metrics.fetched("https://a", 2, 1);
        metrics.fetchFailed("https://a", "HTTP 500");
        metrics.keySkipped("https://a", "x", "unsupported");
        metrics.watchKeyStores(() -> List.of(new KeyStoreStatus("https://a", "jwksUri x", Map.of("k", "RSA"),
                Instant.EPOCH, Duration.ofSeconds(42), true, false, Instant.EPOCH, null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(
                "jwt_verifier_decisions_total{issuer=\"https://a\",outcome=\"rejected\",reason=\"bad_signature\"} 1.0"),
                text);
        assertTrue(text.contains("jwt_verifier_jwks_fetches_total{issuer=\"https://a\",result=\"failure\"} 1.0"), text);
        assertTrue(text.contains("jwt_verifier_jwks_keys{issuer=\"https://a\"} 1.0"), text);
        assertTrue(text.contains("jwt_verifier_jwks_age_seconds{issuer=\"https://a\"} 42.0"), text);
        assertTrue(text.contains("jwt_verifier_jwks_usable{issuer=\"https://a\"} 1.0"), text);
        assertTrue(text.contains("jvm_threads_current"), text);
        assertEquals(1, metrics.fetches("https://a", "success"));
        assertEquals(1, metrics.keysSkipped("https://a"));
    }

    static KeyStoreStatus heldKeys(String issuer) {
        return new KeyStoreStatus(issuer, "jwksUri x", Map.of("k", "RSA"), Instant.EPOCH, Duration.ZERO, true,
                false, Instant.EPOCH, null);
    }

    MetricsText scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return MetricsText.parse(out.toString(StandardCharsets.UTF_8));
    }

    static Predicate<MetricsText.Sample> labels(String... pairs) {
        return s -> {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(s.label(pairs[i]))) {
                    return false;
                }
            }
            return true;
        };
    }

    static void assertZeroSeries(MetricsText text, String metric, String... labelPairs) {
        List<MetricsText.Sample> found = text.samples(metric).stream().filter(labels(labelPairs)).toList();
        assertEquals(1, found.size(), () -> metric + " " + List.of(labelPairs) + " in\n" + text.text());
        assertEquals(0.0, found.get(0).value(), () -> metric + " " + List.of(labelPairs));
    }

    @Test
    void writeToBeforeAnyEventThenEveryDocumentedMetricIsExposed() throws Exception {
        metrics.watchKeyStores(() -> List.of(heldKeys("https://a")));
        metrics.watchRevocations(() -> new VerifierMetrics.RevocationReading(Map.of(), "local", true, 0));
        MetricsText text = scrape();
        List<String> documented = MetricsText.documentedMetrics();
        assertTrue(documented.size() >= 11, documented::toString);
        for (String metric : documented) {
            assertTrue(text.exposes(metric), () -> metric + " is documented but not exposed before any event:\n"
                    + text.text());
        }
    }

    @Test
    void writeToBeforeAnyEventThenEveryCounterSeriesOfEachIssuerIsThereAtZero() throws Exception {
        metrics.watchKeyStores(() -> List.of(heldKeys("https://a")));
        MetricsText text = scrape();
        assertZeroSeries(text, "jwt_verifier_jwks_fetches_total", "issuer", "https://a", "result", "success");
        assertZeroSeries(text, "jwt_verifier_jwks_fetches_total", "issuer", "https://a", "result", "failure");
        assertZeroSeries(text, "jwt_verifier_jwks_refresh_rate_limited_total", "issuer", "https://a");
        assertZeroSeries(text, "jwt_verifier_jwks_stale_served_total", "issuer", "https://a");
        assertZeroSeries(text, "jwt_verifier_jwks_keys_skipped_total", "issuer", "https://a");
        assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "admitted", "reason", "verified",
                "issuer", "https://a");
        assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "unavailable", "reason",
                "keys_unavailable", "issuer", "https://a");
        for (String issuer : List.of("https://a", VerifierMetrics.NO_ISSUER)) {
            for (Reason reason : Reason.values()) {
                assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "rejected", "reason", reason.code(),
                        "issuer", issuer);
            }
            assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "unavailable", "reason",
                    Unavailability.KEYS_UNAVAILABLE.code(), "issuer", issuer);
        }
        for (String kind : VerifierMetrics.REVOCATION_KINDS) {
            for (String source : VerifierMetrics.REVOCATION_SOURCES) {
                assertZeroSeries(text, "jwt_verifier_revocations_made_total", "kind", kind, "source", source);
            }
        }
        for (String outcome : List.of("admitted", "rejected", "unavailable")) {
            assertZeroSeries(text, "jwt_verifier_decision_duration_seconds_count", "outcome", outcome);
        }
        assertZeroSeries(text, "jwt_verifier_token_cache_lookups_total", "result", "hit");
        assertZeroSeries(text, "jwt_verifier_token_cache_lookups_total", "result", "miss");
        assertZeroSeries(text, "jwt_verifier_token_cache_entries");
        assertEquals(Map.of(), metrics.decisionsByReason(), "JMX lists what happened, not the zero series");
        assertEquals(Map.of(), metrics.decisionsByIssuer());
    }

    @Test
    void writeToWhenAReloadAddsAnIssuerThenItsSeriesAreThereAtZeroAndOldCountsKept() throws Exception {
        List<KeyStoreStatus> stores = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(heldKeys("https://a")));
        metrics.watchKeyStores(() -> stores);
        metrics.fetchFailed("https://a", "HTTP 500");
        scrape();
        stores.add(heldKeys("https://b"));
        MetricsText text = scrape();
        assertZeroSeries(text, "jwt_verifier_jwks_fetches_total", "issuer", "https://b", "result", "failure");
        assertZeroSeries(text, "jwt_verifier_jwks_stale_served_total", "issuer", "https://b");
        assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "unavailable", "reason",
                "keys_unavailable", "issuer", "https://b");
        assertEquals(1.0, text.sum("jwt_verifier_jwks_fetches_total",
                labels("issuer", "https://a", "result", "failure")));
    }

    @Test
    void writeToAfterResetCountersThenDecisionSeriesAreBackAtZero() throws Exception {
        metrics.watchKeyStores(() -> List.of(heldKeys("https://a")));
        metrics.decided(Decision.reject(Reason.EXPIRED, "default", "https://a", "k"), 1000);
        metrics.resetDecisions();
        MetricsText text = scrape();
        assertZeroSeries(text, "jwt_verifier_decisions_total", "outcome", "rejected", "reason", "expired",
                "issuer", "https://a");
        assertZeroSeries(text, "jwt_verifier_decision_duration_seconds_count", "outcome", "rejected");
    }
}
