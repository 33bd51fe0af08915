package org.jwtverifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The command line of a report: JMH's own options, plus {@code --rounds N}, how many times the whole set runs
 * so that medians over rounds can be taken; and the running of those rounds.
 *
 * @param rounds how many rounds to run
 * @param jmh    the rest of the command line, as JMH reads it
 */
record ReportCommandLine(int rounds, CommandLineOptions jmh) {

    static ReportCommandLine parse(String[] args, int defaultRounds) throws CommandLineOptionException {
        int rounds = defaultRounds;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        return new ReportCommandLine(rounds, new CommandLineOptions(jmhArgs.toArray(String[]::new)));
    }

    /** One round of a report's benchmarks, numbered from 1. */
    interface Round<T> {
        T run(int round) throws RunnerException;
    }

    /**
     * Runs {@code round} {@link #rounds} times, printing each round's figures with {@code print}, then, over
     * several rounds, the medians (each figure's median over the rounds is {@code print}'s to take).
     *
     * @param mediansNote what the heading of the medians adds, e.g. {@code " (per-round ratios)"}, or ""
     */
    <T> void runRounds(Round<T> round, Consumer<List<T>> print, String mediansNote) throws RunnerException {
        List<T> byRound = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            T results = round.run(i);
            byRound.add(results);
            System.out.printf(Locale.ROOT, "%n== round %d of %d ==%n", i, rounds);
            print.accept(List.of(results));
        }
        if (rounds > 1) {
            System.out.printf(Locale.ROOT, "%n== medians of %d rounds%s ==%n", rounds, mediansNote);
            print.accept(byRound);
        }
    }
}
