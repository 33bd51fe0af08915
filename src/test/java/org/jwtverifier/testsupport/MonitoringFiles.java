package org.jwtverifier.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files operators load, read with the real Jackson mappers: the Prometheus rules
 * ({@code docs/prometheus/jwt-verifier-rules.yml}), their promtool unit tests, and the Grafana dashboard
 * ({@code docs/grafana/jwt-verifier.json}); and the PromQL each of them runs.
 */
public final class MonitoringFiles {

    public static final Path RULES = Path.of("docs/prometheus/jwt-verifier-rules.yml");
    public static final Path RULES_TEST = Path.of("docs/prometheus/jwt-verifier-rules.test.yml");
    public static final Path DASHBOARD = Path.of("docs/grafana/jwt-verifier.json");

    /** A PromQL expression and where it is written, for messages. */
    public record Query(String where, String expr) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's {@code label_values(selector, label)} variable query: only the selector is PromQL. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)",
            Pattern.DOTALL);

    private MonitoringFiles() {
    }

    public static JsonNode rules() {
        return read(YAML, RULES);
    }

    public static JsonNode rulesTest() {
        return read(YAML, RULES_TEST);
    }

    public static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** Every alert's and recording rule's expression. */
    public static List<Query> ruleQueries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode group : rules().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                out.add(new Query("rule " + name, rule.path("expr").asText()));
            }
        }
        return out;
    }

    /** The series that the promtool tests feed the rules. */
    public static List<PromQl.Series> testInputSeries() {
        List<PromQl.Series> out = new ArrayList<>();
        for (JsonNode test : rulesTest().path("tests")) {
            for (JsonNode input : test.path("input_series")) {
                out.add(PromQl.series(input.path("series").asText()));
            }
        }
        return out;
    }

    /** Every panel's queries (rows' panels included) and every query variable's selector, as Grafana runs them. */
    public static List<Query> dashboardQueries() {
        JsonNode dashboard = dashboard();
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Query("panel " + panel.path("id").asInt() + " '" + panel.path("title").asText() + "' "
                        + target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                String query = variable.path("query").isObject() ? variable.path("query").path("query").asText()
                        : variable.path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query.strip());
                if (!m.matches()) {
                    throw new AssertionError("variable " + variable.path("name") + ": not label_values(selector, label): "
                            + query);
                }
                out.add(new Query("variable " + variable.path("name").asText(), m.group(1)));
            }
        }
        return out;
    }

    /** The dashboard's panels, those inside rows included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /**
     * The expression as Grafana sends it to Prometheus: {@code $__rate_interval} (at least four scrape intervals)
     * as 1m, every other variable ({@code $job}, {@code $instance}, ...) as the regular expression {@code .*}.
     */
    public static String interpolated(String expr) {
        return expr.replace("$__rate_interval", "1m").replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*}?", ".*");
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
