package org.jwtverifier.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The command line of a report: JMH's own options, plus {@code --rounds N}, how many times the whole set runs
 * so that medians over rounds can be taken.
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
}
