package org.jwtverifier.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH's usual command line, for example {@code -wi 1 -i 3 -prof gc}) and then prints the
 * figures that matter as ratios within this one run: the verifier against the raw JDK signature check per
 * algorithm (target ≥ 0.9), and the cache-hit paths against verifying.
 */
public final class BenchmarkReport {
    private static final double CORE_TARGET = 0.9;

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        if (cli.shouldList()) {
            new Runner(cli).list();
            return;
        }
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include("org\\.jwtverifier\\.bench\\..*");
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        print(results);
    }

    static void print(Collection<RunResult> results) {
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            String alg = r.getParams().getParam("alg");
            String key = alg == null ? name : name + ":" + alg;
            score.put(key, r.getPrimaryResult().getScore());
            error.put(key, r.getPrimaryResult().getScoreError());
        }
        System.out.println();
        System.out.println("Verification core, no cache, 1024 distinct tokens cycled (ops/s, one thread):");
        System.out.printf(Locale.ROOT, "%-6s %14s %14s %14s %13s %13s  %s%n", "alg", "verifier", "rawJdk",
                "jjwtParser", "verifier/raw", "jjwt/raw", "target >= " + CORE_TARGET);
        for (BenchKeys key : BenchKeys.values()) {
            String alg = key.name();
            Double verifier = score.get("verifier:" + alg);
            Double raw = score.get("rawJdk:" + alg);
            Double jjwt = score.get("jjwtParser:" + alg);
            if (verifier == null || raw == null) {
                continue;
            }
            double ratio = verifier / raw;
            System.out.printf(Locale.ROOT, "%-6s %14s %14s %14s %13.2f %13s  %s%n", alg,
                    withError(verifier, error.get("verifier:" + alg)), withError(raw, error.get("rawJdk:" + alg)),
                    jjwt == null ? "-" : withError(jjwt, error.get("jjwtParser:" + alg)), ratio,
                    jjwt == null ? "-" : String.format(Locale.ROOT, "%.2f", jjwt / raw),
                    ratio >= CORE_TARGET ? "met" : "MISSED");
        }
        Double rs256 = score.get("verifier:RS256");
        String[] cachePaths = {"cachingVerifierHit", "deciderCacheHit", "deciderNoCacheDistinctRs256"};
        boolean header = false;
        for (String path : cachePaths) {
            Double s = score.get(path);
            if (s == null) {
                continue;
            }
            if (!header) {
                System.out.println();
                System.out.println("Cache and whole decision (RS256, ops/s, one thread):");
                header = true;
            }
            System.out.printf(Locale.ROOT, "%-28s %14s %s%n", path, withError(s, error.get(path)),
                    rs256 == null ? "" : String.format(Locale.ROOT, "%8.1fx verifier RS256 without cache",
                            s / rs256));
        }
    }

    private static String withError(double score, Double error) {
        if (error == null || error.isNaN()) {
            return String.format(Locale.ROOT, "%.0f", score);
        }
        return String.format(Locale.ROOT, "%.0f±%.0f", score, error);
    }
}
