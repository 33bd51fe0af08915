package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * VerifierMetrics relies on {@code initLabelValues} creating a series that the text format shows at 0 before its
 * first increment, and on {@code clear()} dropping it again (so series are initialised anew at each scrape).
 */
class PrometheusInitLabelValuesContractTest {

    static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void initLabelValuesExposesTheSeriesAtZeroAndClearDropsIt() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter counter = Counter.builder().name("contract_events_total").help("h").labelNames("issuer")
                .withoutExemplars().register(registry);
        assertFalse(scrape(registry).contains("contract_events_total{"), "no series before any label value");
        counter.initLabelValues("https://a");
        assertTrue(scrape(registry).contains("contract_events_total{issuer=\"https://a\"} 0.0\n"), scrape(registry));
        counter.clear();
        assertFalse(scrape(registry).contains("contract_events_total{"), scrape(registry));
    }
}
