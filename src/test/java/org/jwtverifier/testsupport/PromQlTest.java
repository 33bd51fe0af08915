package org.jwtverifier.testsupport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromQlTest {

    @Test
    void metricNamesAreTheSelectedMetricsNotFunctionsKeywordsLabelsOrDurations() {
        assertEquals(Set.of("jwt_verifier_decisions_total"), PromQl.metricNames(
                "sum by (issuer) (rate(jwt_verifier_decisions_total{reason=\"unknown_kid\", issuer=~\"$issuer\"}[5m])) > 1"));
        assertEquals(Set.of("a_total", "b_total"), PromQl.metricNames(
                "sum(rate(a_total{x=\"{not_a_metric}\"}[$__rate_interval])) / on (job) group_left (instance) "
                        + "sum without (le) (rate(b_total[1h:5m] offset 10m)) > bool 1e3"));
        assertEquals(Set.of("h_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum(rate(h_bucket[5m])) by (le, outcome))"));
        assertEquals(Set.of("g"), PromQl.metricNames("count(g == 0) or vector(0)"));
        assertEquals(Set.of("up"), PromQl.metricNames("up{job='jwt-verifier'} == 0 and on() hour() > 2"));
    }

    @Test
    void equalitySelectorsKeepLiteralEqualityMatchersOnly() {
        assertEquals(List.of(new PromQl.Series("a_total", Map.of("outcome", "rejected")),
                        new PromQl.Series("b", Map.of())),
                PromQl.equalitySelectors("sum(rate(a_total{job=\"$job\", outcome=\"rejected\", reason!=\"x\", "
                        + "instance=~\".*\"}[5m])) / b{c=~\"d\"}"));
    }

    @Test
    void seriesReadsPromtoolInputSeries() {
        assertEquals(new PromQl.Series("m_total", Map.of("job", "j", "issuer", "https://idp.example.com/a\"b")),
                PromQl.series("m_total{job=\"j\", issuer=\"https://idp.example.com/a\\\"b\"}"));
        assertEquals(new PromQl.Series("up", Map.of()), PromQl.series("up"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.series("m{job=~\"j\"}"));
    }
}
