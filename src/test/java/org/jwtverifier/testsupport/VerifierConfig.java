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
import org.jwtverifier.config.Durations;
import org.jwtverifier.config.KeyCacheSettings;

/** Writes a jwt-verifier YAML configuration for a test, naming the test IdPs' URLs. */
public final class VerifierConfig {

    private String realm = org.jwtverifier.config.VerifierConfig.DEFAULT_REALM;
    /** Null: not written, the verifier's default ({@code IssuerConfig.DEFAULT_CLOCK_SKEW}) applies. */
    private String clockSkew;
    private int maxTokenBytes = org.jwtverifier.config.VerifierConfig.DEFAULT_MAX_TOKEN_BYTES;
    private final Map<String, String> identityHeaders = new LinkedHashMap<>();
    private final List<String> issuerBlocks = new ArrayList<>();

    private VerifierConfig() {
        org.jwtverifier.config.VerifierConfig.DEFAULT_IDENTITY_HEADERS
                .forEach(h -> identityHeaders.put(h.claim(), h.header()));
    }

    /**
     * The verifier's defaults written out: realm, maxTokenBytes and identity headers (sub → X-User-Id,
     * email → X-User-Email); clockSkew is left to the verifier's default unless {@link #clockSkew(String)} sets it.
     */
    public static VerifierConfig create() {
        return new VerifierConfig();
    }

    public VerifierConfig realm(String realm) {
        this.realm = realm;
        return this;
    }

    public VerifierConfig clockSkew(String clockSkew) {
        this.clockSkew = clockSkew;
        return this;
    }

    public VerifierConfig maxTokenBytes(int maxTokenBytes) {
        this.maxTokenBytes = maxTokenBytes;
        return this;
    }

    /** An issuer whose keys come from the IdP's {@code jwksUri}, all four algorithms allowed, the default TTL. */
    public VerifierConfig issuer(TestIdp idp, String... audiences) {
        return issuer(idp.issuer(), "jwksUri: " + idp.jwksUri(), List.of(audiences),
                List.of("RS256", "PS256", "ES256", "EdDSA"), Durations.format(KeyCacheSettings.DEFAULT_TTL));
    }

    /** An issuer block written out in full; {@code keySourceLine} is e.g. {@code jwksUri: http://…}. */
    public VerifierConfig issuer(String issuer, String keySourceLine, List<String> audiences,
                                 List<String> algorithms, String keyCacheTtl) {
        StringBuilder b = new StringBuilder();
        b.append("  - issuer: ").append(quote(issuer)).append('\n');
        b.append("    ").append(keySourceLine).append('\n');
        b.append("    audiences: ").append(flowList(audiences)).append('\n');
        if (algorithms != null) {
            b.append("    algorithms: ").append(flowList(algorithms)).append('\n');
        }
        if (keyCacheTtl != null) {
            b.append("    keyCacheTtl: ").append(keyCacheTtl).append('\n');
        }
        issuerBlocks.add(b.toString());
        return this;
    }

    public String yaml() {
        StringBuilder b = new StringBuilder();
        b.append("# written by the in-container tests\n");
        b.append("realm: ").append(quote(realm)).append('\n');
        if (clockSkew != null) {
            b.append("clockSkew: ").append(clockSkew).append('\n');
        }
        b.append("maxTokenBytes: ").append(maxTokenBytes).append('\n');
        b.append("identityHeaders:\n");
        identityHeaders.forEach((claim, header) -> b.append("  ").append(claim).append(": ").append(header).append('\n'));
        b.append("issuers:\n");
        issuerBlocks.forEach(b::append);
        return b.toString();
    }

    /** Writes {@code <it.work.dir>/<name>.yaml} (default {@code target/it-work}) and returns its absolute path. */
    public Path write(String name) {
        return writeFile(name + ".yaml", yaml());
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

    private static String flowList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(VerifierConfig::quote).toList()) + "]";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
