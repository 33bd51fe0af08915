package org.jwtverifier.testsupport;

import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a jwt-verifier YAML configuration for a test: top-level settings, then one block per issuer. What a test
 * does not set is left out, so the verifier's own defaults apply (they are not repeated here). Files go to the
 * test work folder ({@code it.work.dir}, default {@code target/it-work}), where in-container tests can read them.
 */
public final class TestConfig {

    /** The audience an issuer accepts unless its settings name {@code audiences}. */
    public static final String AUDIENCE = "api.example.com";

    private final List<String> topLevel = new ArrayList<>();
    private final List<String> issuers = new ArrayList<>();
    private String realm = "jwt-verifier";

    private TestConfig() {
    }

    /** Realm {@code jwt-verifier}, no issuer yet; everything else is the verifier's default. */
    public static TestConfig create() {
        return new TestConfig();
    }

    public TestConfig realm(String realm) {
        this.realm = realm;
        return this;
    }

    /** A top-level line as written, e.g. {@code tokenCache: {enabled: false}}. */
    public TestConfig top(String line) {
        topLevel.add(line);
        return this;
    }

    public TestConfig clockSkew(String clockSkew) {
        return top("clockSkew: " + clockSkew);
    }

    public TestConfig maxTokenBytes(int maxTokenBytes) {
        return top("maxTokenBytes: " + maxTokenBytes);
    }

    public TestConfig keyStoreDirectory(Path directory) {
        return top("keyStoreDirectory: " + quote(directory.toAbsolutePath().toString()));
    }

    /** A key store directory of its own for {@code testName}, emptied: {@code <work dir>/<testName>/keys}. */
    public TestConfig freshKeyStore(String testName) {
        return keyStoreDirectory(freshDirectory(testName + "/keys"));
    }

    /**
     * An issuer whose keys come from the IdP's {@code jwksUri}, with settings written as given (e.g.
     * {@code "maxStale: 10s"}); audience {@link #AUDIENCE} unless a setting names {@code audiences}.
     */
    public TestConfig issuer(TestIdp idp, String... settings) {
        return issuer(idp.issuer(), "jwksUri: " + quote(idp.jwksUri()), settings);
    }

    /**
     * An issuer of the test IdP that allows only the algorithms the IdP signs with ({@link Alg}) rather than
     * every asymmetric one, for the audiences given.
     */
    public TestConfig issuerAllowingTestIdpAlgorithms(TestIdp idp, String... audiences) {
        List<String> algorithms = Arrays.stream(Alg.values()).map(Alg::jwsName).toList();
        return issuer(idp, "audiences: " + flowList(List.of(audiences)), "algorithms: " + flowList(algorithms));
    }

    /** An issuer with its key source line ({@code jwksUri: ...}, {@code discovery: true}) and extra settings. */
    public TestConfig issuer(String issuer, String keySourceLine, String... settings) {
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
        StringBuilder b = new StringBuilder("# written by the tests\n");
        b.append("realm: ").append(quote(realm)).append('\n');
        topLevel.forEach(line -> b.append(line).append('\n'));
        b.append("issuers:\n");
        issuers.forEach(b::append);
        return b.toString();
    }

    /** Writes {@code <work dir>/<name>.yaml}; returns its absolute path. */
    public Path write(String name) {
        return writeFile(name + ".yaml", yaml());
    }

    /** The packaged WAR configured by this file, written as {@code <work dir>/<name>.yaml}. */
    public WebArchive war(String name) {
        return Deployments.war(write(name));
    }

    /** The folder test configurations go to: {@code it.work.dir}, default {@code target/it-work}. */
    public static Path workDir() {
        return Path.of(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath();
    }

    /** Writes {@code text} to {@code <work dir>/<fileName>} and returns its absolute path. */
    public static Path writeFile(String fileName, String text) {
        Path file = workDir().resolve(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code <work dir>/<name>}, emptied: a key store directory of one test class that starts clean. */
    public static Path freshDirectory(String name) {
        Path dir = workDir().resolve(name);
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

    /** A YAML double-quoted scalar. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String flowList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(TestConfig::quote).toList()) + "]";
    }
}
