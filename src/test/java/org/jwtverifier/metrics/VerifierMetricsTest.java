package org.jwtverifier.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.jwks.KeyStoreStatus;
import org.jwtverifier.token.Reason;
import org.junit.jupiter.api.Test;

class VerifierMetricsTest {
    private final VerifierMetrics metrics = new VerifierMetrics();

    @Test
    void decidedThenCountersByOutcomeReasonAndIssuerMove() {
        metrics.decided(Decision.admit(Map.of(), "default", "https://a", "k"), 120_000);
        metrics.decided(Decision.admit(Map.of(), "default", "https://a", "k"), 80_000);
        metrics.decided(Decision.reject(Reason.EXPIRED, "default", "https://a", "k"), 90_000);
        metrics.decided(Decision.reject(Reason.MISSING_TOKEN, "default", null, null), 10_000);
        metrics.decided(Decision.reject(Reason.KEYS_UNAVAILABLE, "default", "https://b", null), 1_000_000);
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
        metrics.watchKeyStores(() -> List.of(new KeyStoreStatus("https://a", "jwksUri x", Map.of("k", "RSA"), 1,
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
}
