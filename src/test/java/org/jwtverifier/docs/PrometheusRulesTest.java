package org.jwtverifier.docs;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.MonitoringFiles;
import org.jwtverifier.testsupport.Promtool;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/prometheus/jwt-verifier-rules.yml} as Prometheus loads it: promtool accepts it and its unit tests
 * ({@code jwt-verifier-rules.test.yml}) pass, and every alert is tested firing. That the series the rules and their
 * tests read are the ones the verifier exposes is {@code MetricsExpositionIT}'s to show, on a real scrape.
 */
class PrometheusRulesTest {

    @Test
    void promtoolAcceptsTheRules() {
        String out = Promtool.run(null, "check", "rules", MonitoringFiles.RULES.toString());
        assertTrue(out.contains("SUCCESS: " + MonitoringFiles.ruleQueries().size() + " rules found"), out);
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        String out = Promtool.run(null, "test", "rules", MonitoringFiles.RULES_TEST.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertHasASeverityASummaryAndATestWhereItFires() {
        Set<String> firing = new HashSet<>();
        for (JsonNode test : MonitoringFiles.rulesTest().path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }
        List<JsonNode> alerts = MonitoringFiles.rules().path("groups").findValues("rules").stream()
                .flatMap(rules -> rules.valueStream()).filter(rule -> rule.has("alert")).toList();
        assertFalse(alerts.isEmpty());
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertTrue(Set.of("warning", "critical").contains(alert.path("labels").path("severity").asText()),
                    name + " has no severity warning or critical");
            assertFalse(alert.path("annotations").path("summary").asText().isBlank(), name + " has no summary");
            assertTrue(firing.contains(name), name + " is never tested firing in " + MonitoringFiles.RULES_TEST);
        }
        assertEquals(alerts.size(), firing.size(), () -> "tests name alerts the rules lack: " + firing);
    }
}
