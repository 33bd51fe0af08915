package org.jwtverifier.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link NativeCryptoBenchmark} in rounds, and within a round each algorithm on the JDK's providers and on the
 * Amazon Corretto Crypto Provider back to back (the order swapped every other round), so a burst of other work on
 * a shared machine lands on neighbours that are compared. Prints, per algorithm, the medians over rounds of the
 * per-round ratios (native over JDK, raw and through the verifier; verifier over its provider's raw check) and
 * their spread (lowest and highest round). Takes JMH's options plus {@code --rounds N}.
 */
public final class NativeCryptoReport {
    private NativeCryptoReport() {
    }

    public static void main(String[] args) throws Exception {
        ReportCommandLine commandLine = ReportCommandLine.parse(args, 3);
        CommandLineOptions cli = commandLine.jmh();
        commandLine.runRounds(round -> {
            Map<String, Double> scores = new LinkedHashMap<>();
            for (BenchKeys key : BenchKeys.values()) {
                List<String> order = round % 2 == 1 ? List.of("jdk", "accp") : List.of("accp", "jdk");
                for (String provider : order) {
                    for (RunResult r : new Runner(new OptionsBuilder().parent(cli)
                            .include(NativeCryptoBenchmark.class.getName() + "\\.(rawSignature|verifier)$")
                            .param("alg", key.name()).param("provider", provider).build()).run()) {
                        String name = r.getParams().getBenchmark();
                        scores.put(name.substring(name.lastIndexOf('.') + 1) + ":" + key.name() + ":" + provider,
                                r.getPrimaryResult().getScore());
                    }
                }
            }
            return scores;
        }, NativeCryptoReport::print, " (per-round ratios, lowest-highest)");
    }

    static void print(List<Map<String, Double>> rounds) {
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %10s %10s %19s %19s %14s %14s%n", "alg", "raw jdk", "raw accp",
                "verif jdk", "verif accp", "accp/jdk raw", "accp/jdk verifier", "verif/raw jdk", "verif/raw accp");
        for (BenchKeys key : BenchKeys.values()) {
            String a = key.name();
            System.out.printf(Locale.ROOT, "%-6s %10.0f %10.0f %10.0f %10.0f %19s %19s %14s %14s%n", a,
                    BenchmarkReport.median(rounds, s -> s.get("rawSignature:" + a + ":jdk")),
                    BenchmarkReport.median(rounds, s -> s.get("rawSignature:" + a + ":accp")),
                    BenchmarkReport.median(rounds, s -> s.get("verifier:" + a + ":jdk")),
                    BenchmarkReport.median(rounds, s -> s.get("verifier:" + a + ":accp")),
                    ratio(rounds, "rawSignature:" + a + ":accp", "rawSignature:" + a + ":jdk"),
                    ratio(rounds, "verifier:" + a + ":accp", "verifier:" + a + ":jdk"),
                    ratio(rounds, "verifier:" + a + ":jdk", "rawSignature:" + a + ":jdk"),
                    ratio(rounds, "verifier:" + a + ":accp", "rawSignature:" + a + ":accp"));
        }
    }

    /** The median of the per-round ratio, and its lowest and highest round where there are several. */
    private static String ratio(List<Map<String, Double>> rounds, String top, String bottom) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Double> s : rounds) {
            if (s.get(top) != null && s.get(bottom) != null && s.get(bottom) > 0) {
                values.add(s.get(top) / s.get(bottom));
            }
        }
        if (values.isEmpty()) {
            return "-";
        }
        Collections.sort(values);
        double median = BenchmarkReport.medianOfSorted(values);
        return values.size() == 1 ? String.format(Locale.ROOT, "%.2f", median)
                : String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median, values.get(0), values.get(values.size() - 1));
    }
}
