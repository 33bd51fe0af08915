package org.jwtverifier.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints the figures that matter as ratios within one run: the verifier against the raw
 * JDK signature check per algorithm (target ≥ 0.9), and the cache-hit paths against verifying. Takes JMH's usual
 * command line (for example {@code -wi 2 -i 4 -prof gc}) plus {@code --rounds N}: without an include pattern, the
 * whole set runs N times, each algorithm's three benchmarks back to back, and medians are reported.
 */
public final class BenchmarkReport {
    private static final double CORE_TARGET = 0.9;

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        ReportCommandLine commandLine = ReportCommandLine.parse(args, 1);
        CommandLineOptions cli = commandLine.jmh();
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        if (cli.shouldList()) {
            new Runner(cli).list();
            return;
        }
        if (!cli.getIncludes().isEmpty()) {
            print(List.of(new Runner(cli).run()));
            return;
        }
        // Rounds, and within a round the three ways of checking one algorithm back to back: a burst of other work
        // on the machine then lands on neighbours that are compared, and medians over rounds smooth it out.
        commandLine.<Collection<RunResult>>runRounds(round -> {
            List<RunResult> results = new ArrayList<>();
            for (BenchKeys key : BenchKeys.values()) {
                results.addAll(new Runner(new OptionsBuilder().parent(cli)
                        .include(VerificationBenchmark.class.getName() + "\\.(rawJdk|verifier|jjwtParser|preParseOnly)$")
                        .param("alg", key.name()).build()).run());
            }
            results.addAll(new Runner(new OptionsBuilder().parent(cli)
                    .include(CacheHitBenchmark.class.getName() + "\\..*").build()).run());
            return results;
        }, BenchmarkReport::print, "");
    }

    /** Prints the median over rounds of each score, and of each per-round ratio. */
    static void print(List<Collection<RunResult>> rounds) {
        List<Map<String, Double>> scores = new ArrayList<>();
        for (Collection<RunResult> results : rounds) {
            Map<String, Double> score = new LinkedHashMap<>();
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.') + 1);
                String alg = r.getParams().getParam("alg");
                score.put(alg == null ? name : name + ":" + alg, r.getPrimaryResult().getScore());
            }
            scores.add(score);
        }
        System.out.println();
        System.out.println("Verification core, no cache, " + TokenCursor.TOKENS
                + " distinct tokens cycled (ops/s, one thread" + (rounds.size() > 1 ? ", medians" : "") + "):");
        System.out.printf(Locale.ROOT, "%-6s %10s %10s %10s %10s %13s %9s  %s%n", "alg", "verifier", "rawJdk",
                "jjwtParser", "preParse", "verifier/raw", "jjwt/raw", "target >= " + CORE_TARGET);
        for (BenchKeys key : BenchKeys.values()) {
            String alg = key.name();
            double verifier = median(scores, s -> s.get("verifier:" + alg));
            double raw = median(scores, s -> s.get("rawJdk:" + alg));
            double jjwt = median(scores, s -> s.get("jjwtParser:" + alg));
            double preParse = median(scores, s -> s.get("preParseOnly:" + alg));
            double ratio = median(scores, s -> div(s.get("verifier:" + alg), s.get("rawJdk:" + alg)));
            double jjwtRatio = median(scores, s -> div(s.get("jjwtParser:" + alg), s.get("rawJdk:" + alg)));
            if (Double.isNaN(ratio)) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-6s %10.0f %10.0f %10.0f %10.0f %13.2f %9.2f  %s%n", alg, verifier, raw,
                    jjwt, preParse, ratio, jjwtRatio, ratio >= CORE_TARGET ? "met" : "MISSED");
        }
        boolean header = false;
        for (String path : new String[]{"cachingVerifierHit", "cachingVerifierHitWithRevocations", "deciderCacheHit",
                "deciderCacheHitAfterKeyRefresh",
                "deciderNoCacheDistinctRs256"}) {
            double s = median(scores, m -> m.get(path));
            if (Double.isNaN(s)) {
                continue;
            }
            if (!header) {
                System.out.println();
                System.out.println("Cache and whole decision (RS256, ops/s, one thread):");
                header = true;
            }
            double speedUp = median(scores, m -> div(m.get(path), m.get("verifier:RS256")));
            System.out.printf(Locale.ROOT, "%-31s %10.0f %s%n", path, s, Double.isNaN(speedUp) ? ""
                    : String.format(Locale.ROOT, "%8.1fx verifier RS256 without cache", speedUp));
        }
        printRevocationCost(scores);
    }

    /** What holding revocations adds to a cache hit, from the two neighbouring scores of each round. */
    static void printRevocationCost(List<Map<String, Double>> scores) {
        double without = median(scores, m -> m.get("cachingVerifierHit"));
        double with = median(scores, m -> m.get("cachingVerifierHitWithRevocations"));
        if (Double.isNaN(without) || Double.isNaN(with)) {
            return;
        }
        double ratio = median(scores, m -> div(m.get("cachingVerifierHitWithRevocations"), m.get("cachingVerifierHit")));
        System.out.printf(Locale.ROOT, "cache hit with %d revocations held: %.0f ns vs %.0f ns without (+%.0f ns),"
                        + " throughput ratio %.3f%n", CacheHitBenchmark.REVOCATIONS, 1e9 / with, 1e9 / without,
                1e9 / with - 1e9 / without, ratio);
    }

    private static Double div(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** The median of {@code value} over the rounds where it is known; NaN where it is known in none. */
    static double median(List<Map<String, Double>> rounds, Function<Map<String, Double>, Double> value) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Double> round : rounds) {
            Double v = value.apply(round);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        return medianOfSorted(values);
    }

    static double medianOfSorted(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
