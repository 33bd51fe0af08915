package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Prometheus text exposition (format 0.0.4) of {@code /metrics}: samples parsed for assertions, and
 * {@code promtool check metrics} run on the text.
 */
public final class MetricsText {

    /** One sample line: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.get(name);
        }
    }

    private final String text;
    private final List<Sample> samples;

    private MetricsText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    public static MetricsText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(sample(line));
        }
        return new MetricsText(text, List.copyOf(out));
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).trim();
                int j = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split("\\s+");
        return new Sample(name, Map.copyOf(labels), parseValue(rest[0]));
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * The {@code jwt_verifier_*} metrics named in the first column of the table in {@code docs/metrics.md}, the
     * reference operators write alerts against.
     */
    public static List<String> documentedMetrics() {
        try {
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `(jwt_verifier_[a-z_]+)` \\|")
                    .matcher(Files.readString(Path.of("docs", "metrics.md"), StandardCharsets.UTF_8));
            while (m.find()) {
                names.add(m.group(1));
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the exposition has a sample of this metric (a histogram's by its {@code _count}). */
    public boolean exposes(String metric) {
        return !samples(metric).isEmpty() || !samples(metric + "_count").isEmpty();
    }

    /** The sum of the samples of {@code name} whose labels pass {@code filter} (0 when there are none). */
    public double sum(String name, Predicate<Sample> filter) {
        return samples(name).stream().filter(filter).mapToDouble(Sample::value).sum();
    }

    /** The sum of the samples of {@code name} carrying {@code label=value}. */
    public double sum(String name, String label, String value) {
        return sum(name, s -> value.equals(s.label(label)));
    }

    /** Sums of the samples of {@code name}, grouped by {@code label}. */
    public Map<String, Long> sumBy(String name, String label) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Sample s : samples(name)) {
            out.merge(s.label(label), (long) s.value(), Long::sum);
        }
        return out;
    }

    /**
     * Runs {@code promtool check metrics} on the text. Fails the test (never skips) when promtool is missing:
     * {@code ./test.sh} installs it (Debian package {@code prometheus}).
     *
     * @return what promtool printed
     */
    public static String promtoolCheck(String text) {
        Path input;
        try {
            input = Files.createTempFile("jwt-verifier-metrics", ".txt");
            Files.writeString(input, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Promtool.run(input, "check", "metrics");
        } finally {
            try {
                Files.deleteIfExists(input);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
