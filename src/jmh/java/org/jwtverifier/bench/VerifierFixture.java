package org.jwtverifier.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.KeyStores;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.testsupport.Closing;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;

/**
 * The verifier's object graph built the way the WAR builds it, from a YAML file and a JWKS file written to a
 * temporary folder: the same parser, key stores and verifiers, without HTTP.
 */
public final class VerifierFixture implements AutoCloseable {
    private final Path folder;
    private final Clock clock = Clock.systemUTC();
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final VerifierConfig config;
    private KeyStores keyStores;
    private VerifierRuntime runtime;

    /**
     * @param keys        the keys the issuer publishes
     * @param cacheEnabled whether the verified-token cache is on
     */
    public VerifierFixture(List<BenchKeys> keys, boolean cacheEnabled) {
        try {
            folder = Files.createTempDirectory("jwt-verifier-bench");
            Files.writeString(folder.resolve("jwks.json"), BenchKeys.jwks(keys), StandardCharsets.UTF_8);
            StringBuilder algorithms = new StringBuilder();
            keys.forEach(k -> algorithms.append(algorithms.length() == 0 ? "" : ", ").append(k.name()));
            String yaml = """
                    issuers:
                      - issuer: %s
                        jwksFile: jwks.json
                        audiences: [%s]
                        algorithms: [%s]
                    tokenCache:
                      enabled: %s
                    """.formatted(BenchKeys.ISSUER, BenchKeys.AUDIENCE, algorithms, cacheEnabled);
            Path file = folder.resolve("config.yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            config = new ConfigParser(clock).parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification core alone: {@link JwtTokenVerifier} over the configured issuers, no token cache. */
    public JwtTokenVerifier tokenVerifier() throws Exception {
        keyStores = new KeyStores(config.issuerList(), persisted, "bench", clock, KeySourceListener.NONE);
        Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            verifiers.put(issuer.issuer(), new IssuerVerifier(issuer, keyStores.forIssuer(issuer.issuer()), clock));
        }
        return new JwtTokenVerifier(verifiers);
    }

    /** The whole per-request graph as deployed (key stores, token cache if enabled, policies, metrics). */
    public VerifierRuntime runtime() throws Exception {
        runtime = new VerifierRuntime(new ConfigLocator.Location(folder.resolve("config.yaml"), "benchmark"),
                config, "bench", clock, persisted, new VerifierMetrics());
        return runtime;
    }

    public VerifierConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        // The runtime owns the persisted key sets once there is one.
        Closing.closeAll(keyStores, runtime != null ? runtime : persisted);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
