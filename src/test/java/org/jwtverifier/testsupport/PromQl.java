package org.jwtverifier.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to say which metrics an expression reads: the bare identifiers that are neither a function or
 * aggregation (followed by a parenthesis), nor a keyword, nor inside a label matcher, a range, a grouping clause
 * or a string. Whether the expression is valid PromQL is promtool's to say ({@link Promtool}).
 */
public final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile(
            "(?<number>\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[a-z]*)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\\s*\\()?");
    private static final Pattern SERIES = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{(.*)})?\\s*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern ANY_MATCHER = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private PromQl() {
    }

    /** The metric names {@code expr} selects, sorted. */
    public static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^\\]]*\\]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replace("\"\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String name = m.group("name");
            if (name != null && m.group("call") == null && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The selectors of {@code expr} that name a metric, each with its equality matchers whose value is a literal
     * (no Grafana variable): what a sample of that metric must carry for the selector to find anything.
     */
    public static List<Series> equalitySelectors(String expr) {
        List<Series> out = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = ANY_MATCHER.matcher(m.group(2));
            while (l.find()) {
                if (l.group(2).equals("=") && !l.group(3).contains("$")) {
                    labels.put(l.group(1), l.group(3));
                }
            }
            out.add(new Series(m.group(1), Map.copyOf(labels)));
        }
        return out;
    }

    /** A series in promtool's notation: a metric name and its labels, {@code name{a="b", c="d"}}. */
    public record Series(String name, Map<String, String> labels) {
    }

    /** Parses {@code name{a="b", ...}}: equality matchers only, as promtool's {@code input_series} have. */
    public static Series series(String text) {
        Matcher m = SERIES.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a series: " + text);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String body = m.group(2) == null ? "" : m.group(2);
        Matcher l = MATCHER.matcher(body);
        int end = 0;
        while (l.lookingAt()) {
            labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            end = l.end();
            l.region(end, body.length());
        }
        if (!body.substring(end).isBlank()) {
            throw new IllegalArgumentException("cannot read the labels of " + text + " from: " + body.substring(end));
        }
        return new Series(m.group(1), Map.copyOf(labels));
    }
}
