package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A jwt-verifier YAML configuration with per-issuer key cache settings ({@code keyCacheTtl}, {@code refreshAhead},
 * {@code minRefreshInterval}, {@code maxStale}, ...), a {@code keyStoreDirectory} and any other top-level key,
 * for the tests of key rotation, outages and JMX administration. Audience {@code api.example.com} unless given.
 */
public final class ConfigYaml {

    public static final String AUDIENCE = "api.example.com";

    private final List<String> topLevel = new ArrayList<>();
    private final List<String> issuers = new ArrayList<>();

    private ConfigYaml() {
    }

    public static ConfigYaml create() {
        return new ConfigYaml();
    }

    /** A top-level line as written, e.g. {@code tokenCache: {enabled: false}}. */
    public ConfigYaml top(String line) {
        topLevel.add(line);
        return this;
    }

    public ConfigYaml keyStoreDirectory(Path directory) {
        return top("keyStoreDirectory: " + quote(directory.toAbsolutePath().toString()));
    }

    /** An issuer whose keys come from the IdP's jwksUri, with extra settings such as {@code "maxStale: 10s"}. */
    public ConfigYaml issuer(TestIdp idp, String... settings) {
        return issuer(idp.issuer(), "jwksUri: " + quote(idp.jwksUri()), settings);
    }

    /** An issuer with its key source line ({@code jwksUri: ...}, {@code discovery: true}) and extra settings. */
    public ConfigYaml issuer(String issuer, String keySourceLine, String... settings) {
        StringBuilder b = new StringBuilder();
        b.append("  - issuer: ").append(quote(issuer)).append('\n');
        b.append("    ").append(keySourceLine).append('\n');
        boolean audiences = false;
        for (String s : settings) {
            b.append("    ").append(s).append('\n');
            audiences |= s.startsWith("audiences:");
        }
        if (!audiences) {
            b.append("    audiences: [").append(quote(AUDIENCE)).append("]\n");
        }
        issuers.add(b.toString());
        return this;
    }

    public String yaml() {
        StringBuilder b = new StringBuilder("# written by the in-container tests\nrealm: ")
                .append(quote(org.jwtverifier.config.VerifierConfig.DEFAULT_REALM)).append('\n');
        topLevel.forEach(line -> b.append(line).append('\n'));
        b.append("issuers:\n");
        issuers.forEach(b::append);
        return b.toString();
    }

    /** Writes {@code <it work dir>/<name>.yaml}; returns its absolute path. */
    public Path write(String name) {
        return VerifierConfig.writeFile(name + ".yaml", yaml());
    }

    /** {@code <it work dir>/<name>}, emptied: a key store directory of one test class that starts clean. */
    public static Path freshDirectory(String name) {
        Path dir = VerifierConfig.workDir().resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
