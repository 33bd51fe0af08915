package org.jwtverifier.check;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jwks.KeySet;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.KeyStores;

/**
 * Checks a configuration file before it is deployed, with the very parser the web application runs
 * ({@code tomcat/check-config.sh FILE [--fetch]}, like {@code nginx -t}): prints every problem, each naming its
 * key, and with {@code --fetch} loads each issuer's keys once, as its key store would (same URLs, trust store,
 * timeouts, size bounds and redirect rules), and reports how many usable keys it got.
 *
 * <p>Exit status: 0 the file is usable (and, with {@code --fetch}, every issuer gave keys), 1 problems, 2 usage.
 * Nothing it prints holds a secret: problems name references, never their values.
 */
public final class ConfigCheck {
    /** The file is usable. */
    public static final int OK = 0;
    /** The file has problems, or an issuer's keys could not be had. */
    public static final int PROBLEMS = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;
    private static final String USAGE_TEXT = "usage: check-config.sh FILE [--fetch]";

    private ConfigCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit status */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        boolean fetch = false;
        for (String arg : args) {
            if (arg.equals("--fetch")) {
                fetch = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE_TEXT);
                return USAGE;
            } else if (arg.startsWith("-") || file != null) {
                err.println("check-config: unexpected argument '" + arg + "'");
                err.println(USAGE_TEXT);
                return USAGE;
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println("check-config: " + file + ": no such file");
            return USAGE;
        }
        VerifierConfig config;
        try {
            config = new ConfigParser(Clock.systemUTC()).parse(file);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                out.println(file + ": " + problem);
            }
            out.println(file + ": " + e.problems().size() + " problem(s)");
            return PROBLEMS;
        }
        out.println(file + ": ok, " + config.issuers().size() + " issuer(s)"
                + (config.references().isEmpty() ? "" : ", references resolved: "
                + String.join(", ", config.references().keySet())));
        if (!fetch) {
            return OK;
        }
        List<String> failed = new ArrayList<>();
        List<IssuerConfig> issuers = config.issuerList();
        for (int i = 0; i < issuers.size(); i++) {
            IssuerConfig issuer = issuers.get(i);
            String at = "issuers[" + i + "] " + issuer.issuer() + " (" + issuer.keySource().describe() + ")";
            try {
                KeySet keys = KeyStores.sourceOf(issuer, Clock.systemUTC(), KeySourceListener.NONE).load();
                List<String> kids = keys.keyIds().stream().filter(k -> !k.isEmpty()).toList();
                out.println(at + ": ok, " + keys.keys().size() + " usable key(s)"
                        + (keys.skipped() == 0 ? "" : ", " + keys.skipped() + " skipped")
                        + (kids.isEmpty() ? "" : ", kid " + String.join(", ", kids)));
            } catch (KeySourceException | RuntimeException e) {
                out.println(at + ": FAILED: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
                failed.add(issuer.issuer());
            }
        }
        if (!failed.isEmpty()) {
            out.println(file + ": keys of " + failed.size() + " issuer(s) could not be had");
            return PROBLEMS;
        }
        return OK;
    }
}
