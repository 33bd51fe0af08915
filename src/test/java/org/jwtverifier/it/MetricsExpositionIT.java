package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.MetricsText;
import org.jwtverifier.testsupport.MonitoringFiles;
import org.jwtverifier.testsupport.PromQl;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.assertNoTokenChallenge;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * {@code /metrics} on a real Tomcat: {@code promtool check metrics} accepts it, every documented metric is there
 * from the first scrape (its counters at 0, so {@code increase()} sees the first event), and after a known sequence
 * of requests its counters agree with the ones JMX shows (they are the same objects).
 */
class MetricsExpositionIT extends DeployedVerifierTest {

    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        return TestConfig.create().freshKeyStore("MetricsExpositionIT").issuer(idp).war("MetricsExpositionIT");
    }

    private MetricsText scrape() {
        HttpResponse<String> r = client.get("/metrics");
        assertEquals(200, r.statusCode(), () -> describe(r));
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
        return MetricsText.parse(r.body());
    }

    @Test
    void knownSequenceGivesTheSameCountsInMetricsAndJmxAndPromtoolAcceptsIt() {
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            ObjectName keyStore = RemoteJmx.keyStore(idp.issuer());
            Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(keyStore) && (Boolean) jmx.get(keyStore, "Usable"),
                    () -> "no usable keys");
            MetricsText first = assertEveryDocumentedSeriesIsThereBeforeAnyRequest();
            assertTheRulesAndTheDashboardReadOnlySeriesTheVerifierExposes(first);

            ObjectName verifier = RemoteJmx.verifier();
            jmx.invoke(verifier, "resetCounters");
            assertEquals(0, jmx.getLong(verifier, "AdmittedCount"));
            assertEquals(Map.of(), jmx.getCounts(verifier, "DecisionsByReason"));

            // 3 admitted (one token twice: a cache hit), 2 expired, 1 wrong audience, 1 unknown issuer, 1 no token.
            String repeated = idp.mint(Alg.RS256, AUDIENCE, "alice", null);
            assertAdmitted(client.verify(repeated), "alice", null);
            assertAdmitted(client.verify(repeated), "alice", null);
            assertAdmitted(client.verify(idp.mint(Alg.ES256, AUDIENCE, "bob", null)), "bob", null);
            for (int i = 0; i < 2; i++) {
                String expired = idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("carol")
                        .issuedAt(Date.from(Instant.now().minusSeconds(3600)))
                        .expiration(Date.from(Instant.now().minusSeconds(1800))));
                assertInvalidToken(client.verify(expired), expired);
            }
            String wrongAudience = idp.mint(Alg.RS256, "other-api", "dave", null);
            assertInvalidToken(client.verify(wrongAudience), wrongAudience);
            String foreign = idp.mint(Alg.RS256, b -> b.issuer("https://unknown.example.com")
                    .audience().add(AUDIENCE).and().subject("erin"));
            assertInvalidToken(client.verify(foreign), foreign);
            assertNoTokenChallenge(client.verifyWithoutToken());

            Map<String, Long> reasons = jmx.getCounts(verifier, "DecisionsByReason");
            assertEquals(Map.of("verified", 3L, "expired", 2L, "wrong_audience", 1L, "unknown_issuer", 1L,
                    "missing_token", 1L), reasons);
            assertEquals(3, jmx.getLong(verifier, "AdmittedCount"));
            assertEquals(5, jmx.getLong(verifier, "RejectedCount"));
            assertEquals(0, jmx.getLong(verifier, "UnavailableCount"));
            Map<String, Long> issuers = jmx.getCounts(verifier, "DecisionsByIssuer");
            assertEquals(Map.of(idp.issuer(), 6L, "none", 2L), issuers);

            MetricsText metrics = scrape();
            String output = MetricsText.promtoolCheck(metrics.text());
            System.out.println("promtool check metrics: '" + output.trim() + "'");

            assertEquals(reasons, nonZero(metrics.sumBy("jwt_verifier_decisions_total", "reason")));
            assertEquals(issuers, nonZero(metrics.sumBy("jwt_verifier_decisions_total", "issuer")));
            assertEquals(Map.of("admitted", 3L, "rejected", 5L, "unavailable", 0L),
                    metrics.sumBy("jwt_verifier_decisions_total", "outcome"));
            assertEquals(8, (long) metrics.sum("jwt_verifier_decision_duration_seconds_count", s -> true),
                    "every decision timed");

            assertEquals(jmx.getLong(keyStore, "FetchSuccessCount"), (long) metrics.sum("jwt_verifier_jwks_fetches_total",
                    s -> idp.issuer().equals(s.label("issuer")) && "success".equals(s.label("result"))));
            assertEquals(jmx.getLong(keyStore, "FetchFailureCount"), (long) metrics.sum("jwt_verifier_jwks_fetches_total",
                    s -> idp.issuer().equals(s.label("issuer")) && "failure".equals(s.label("result"))));
            assertEquals(jmx.getMap(keyStore, "Keys").size(), (long) metrics.sum("jwt_verifier_jwks_keys", "issuer", idp.issuer()));
            assertEquals(1, (long) metrics.sum("jwt_verifier_jwks_usable", "issuer", idp.issuer()));

            ObjectName cache = RemoteJmx.tokenCache();
            assertEquals(jmx.getLong(cache, "Hits"), (long) metrics.sum("jwt_verifier_token_cache_lookups_total", "result", "hit"));
            assertEquals(jmx.getLong(cache, "Misses"), (long) metrics.sum("jwt_verifier_token_cache_lookups_total", "result", "miss"));
            assertTrue(jmx.getLong(cache, "Hits") >= 1, "the repeated token was a hit");
            assertEquals(jmx.getLong(cache, "Size"), (long) metrics.sum("jwt_verifier_token_cache_entries", s -> true));
            assertTrue(metrics.samples("jvm_threads_current").size() == 1, "JVM metrics are there");
        }
    }

    /** Right after start: only the first key fetch has happened, no request has been decided. */
    private MetricsText assertEveryDocumentedSeriesIsThereBeforeAnyRequest() {
        MetricsText first = scrape();
        MetricsText.promtoolCheck(first.text());
        for (String metric : MetricsText.documentedMetrics()) {
            assertTrue(first.exposes(metric), () -> metric + " is documented but not exposed:\n" + first.text());
        }
        String issuer = idp.issuer();
        for (String counter : new String[]{"jwt_verifier_jwks_refresh_rate_limited_total",
                "jwt_verifier_jwks_stale_served_total", "jwt_verifier_jwks_keys_skipped_total"}) {
            assertEquals(1, first.samples(counter).stream().filter(s -> issuer.equals(s.label("issuer"))).count(),
                    counter);
            assertEquals(0.0, first.sum(counter, "issuer", issuer), counter);
        }
        assertEquals(1, first.samples("jwt_verifier_jwks_fetches_total").stream()
                .filter(s -> issuer.equals(s.label("issuer")) && "failure".equals(s.label("result"))).count());
        for (String[] decision : new String[][]{{"admitted", "verified"}, {"unavailable", "keys_unavailable"},
                {"rejected", "unknown_kid"}, {"rejected", "expired"}}) {
            List<MetricsText.Sample> series = first.samples("jwt_verifier_decisions_total").stream()
                    .filter(s -> decision[0].equals(s.label("outcome")) && decision[1].equals(s.label("reason"))
                            && issuer.equals(s.label("issuer"))).toList();
            assertEquals(1, series.size(), () -> String.join("/", decision) + " in\n" + first.text());
            assertEquals(0.0, series.get(0).value(), () -> String.join("/", decision));
        }
        return first;
    }

    /**
     * The alert rules, the series their promtool tests feed them, and the Grafana dashboard (docs/prometheus,
     * docs/grafana) read metrics this scrape has, with labels it has: a renamed metric or label, or a misspelt
     * reason code, would leave an alert that never fires or a panel that stays empty. The scrape adds {@code job} and
     * {@code instance}, and Prometheus itself makes {@code up}; the rest must be here. Right after start every
     * series is there already, at 0, so the first scrape has them all.
     */
    private void assertTheRulesAndTheDashboardReadOnlySeriesTheVerifierExposes(MetricsText first) {
        Set<String> targetLabels = Set.of("job", "instance");
        List<MonitoringFiles.Query> queries = new ArrayList<>(MonitoringFiles.ruleQueries());
        queries.addAll(MonitoringFiles.dashboardQueries());
        Set<String> read = new TreeSet<>();
        for (MonitoringFiles.Query q : queries) {
            for (String metric : PromQl.metricNames(q.expr())) {
                read.add(metric);
                assertTrue(metric.equals("up") || !first.samples(metric).isEmpty(),
                        () -> q.where() + " reads " + metric + ", which /metrics does not have: " + q.expr());
            }
            for (PromQl.Series selector : PromQl.equalitySelectors(q.expr())) {
                Map<String, String> wanted = new TreeMap<>(selector.labels());
                wanted.keySet().removeAll(targetLabels);
                assertTrue(selector.name().equals("up") || first.samples(selector.name()).stream()
                                .anyMatch(s -> s.labels().entrySet().containsAll(wanted.entrySet())),
                        () -> q.where() + " selects " + selector.name() + wanted + ", which no sample has: " + q.expr());
            }
        }
        System.out.println("rules and dashboard read: " + read);
        for (String documented : MetricsText.documentedMetrics()) {
            assertTrue(read.contains(documented) || read.contains(documented + "_bucket"),
                    () -> documented + " is documented but neither alerted on nor shown: " + read);
        }

        String issuer = idp.issuer();
        for (PromQl.Series input : MonitoringFiles.testInputSeries()) {
            if (input.name().equals("up")) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>(input.labels());
            assertTrue(labels.keySet().containsAll(targetLabels), () -> input + " lacks the labels the scrape adds");
            labels.keySet().removeAll(targetLabels);
            // The tests' issuers are example URLs; the rest of each series must be one this verifier exposes.
            Map<String, String> asExposed = new TreeMap<>(labels);
            asExposed.computeIfPresent("issuer", (k, v) -> v.equals("none") ? v : issuer);
            assertTrue(first.samples(input.name()).stream().anyMatch(s -> new TreeMap<>(s.labels()).equals(asExposed)),
                    () -> MonitoringFiles.RULES_TEST + " feeds " + input + ", which the verifier never exposes as "
                            + input.name() + asExposed);
        }
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        Map<String, Long> out = new TreeMap<>(counts);
        out.values().removeIf(count -> count == 0);
        return out;
    }
}
