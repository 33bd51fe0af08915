package org.jwtverifier.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.testsupport.MonitoringFiles;
import org.jwtverifier.testsupport.Promtool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/grafana/jwt-verifier.json}, read with the real Jackson mapper, is a dashboard Grafana can import:
 * panels with unique ids on the 24-column grid without overlapping, every query on the dashboard's Prometheus data
 * source variable, every variable a query uses defined, and every query PromQL that promtool's parser accepts. That
 * the metrics it reads are the ones the verifier exposes is {@code MetricsExpositionIT}'s to show, on a real scrape.
 */
class GrafanaDashboardTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)}?");

    @Test
    void dashboardIsAnImportableModelWithEveryPanelOnTheGridAndTheDataSourceVariable() {
        JsonNode dashboard = MonitoringFiles.dashboard();
        assertEquals("jwt-verifier", dashboard.path("uid").asText());
        assertFalse(dashboard.path("title").asText().isBlank());
        assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "schemaVersion");
        JsonNode source = dashboard.path("templating").path("list").get(0);
        assertEquals("datasource", source.path("name").asText(), "the first variable picks the data source");
        assertEquals("datasource", source.path("type").asText());
        assertEquals("prometheus", source.path("query").asText());

        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
            int id = panel.path("id").asInt();
            String name = "panel " + id + " '" + panel.path("title").asText() + "'";
            assertTrue(id > 0 && ids.add(id), name + ": ids are positive and unique");
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1);
            int y = grid.path("y").asInt(-1);
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, name + " off the grid: " + grid);
            for (int col = x; col < x + w; col++) {
                for (int row = y; row < y + h; row++) {
                    assertTrue(cells.add(col + "," + row), name + " overlaps another panel at " + col + "," + row);
                }
            }
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertTrue(Set.of("timeseries", "stat").contains(panel.path("type").asText()), name);
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), name);
            assertFalse(panel.path("targets").isEmpty(), name + " has no query");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertTrue(refIds.add(target.path("refId").asText()), name + ": refIds are unique");
                assertEquals("${datasource}", target.path("datasource").path("uid").asText(), name);
                assertFalse(target.path("expr").asText().isBlank(), name + " has an empty query");
                queries++;
            }
        }
        assertTrue(queries >= 10, "queries: " + queries);
    }

    @Test
    void everyVariableAQueryUsesIsDefined() {
        Set<String> defined = new HashSet<>(Set.of("__rate_interval", "__interval", "__range"));
        MonitoringFiles.dashboard().path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
        for (MonitoringFiles.Query q : MonitoringFiles.dashboardQueries()) {
            Matcher m = VARIABLE.matcher(q.expr());
            while (m.find()) {
                assertTrue(defined.contains(m.group(1)), q.where() + " uses undefined $" + m.group(1) + ": " + q.expr());
            }
        }
    }

    @Test
    void promtoolParsesEveryQueryOfTheDashboard(@TempDir Path dir) throws Exception {
        // promtool has no "check expression" without a server; as recording rules its parser checks each one.
        List<Map<String, String>> rules = new ArrayList<>();
        List<MonitoringFiles.Query> queries = MonitoringFiles.dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            Map<String, String> rule = new LinkedHashMap<>();
            rule.put("record", "dashboard:query_" + i);
            rule.put("expr", MonitoringFiles.interpolated(queries.get(i).expr()));
            rules.add(rule);
        }
        Path file = dir.resolve("dashboard-queries.yml");
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        String out = Promtool.run(null, "check", "rules", file.toString());
        assertTrue(out.contains("SUCCESS: " + queries.size() + " rules found"), out);
    }
}
