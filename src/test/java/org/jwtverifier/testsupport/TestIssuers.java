package org.jwtverifier.testsupport;

import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.KeyCacheSettings;
import org.jwtverifier.config.KeySourceSpec;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeySetParser;
import org.jwtverifier.jwks.KeySetSource;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.token.IssuerVerifier;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The issuer → key store → verifier wiring of unit tests, built the way {@code runtime} builds it but without a
 * configuration file: one set of settings, so tests that need the same issuer write it once.
 */
public final class TestIssuers {

    /** The audience a {@link #config(String, Set) test issuer} accepts. */
    public static final String AUDIENCE = "api";
    /** The verifier's defaults: ttl 5m, refreshAhead 30s, minRefreshInterval 30s, unknownKidWait 1s, maxStale 6h. */
    public static final KeyCacheSettings KEY_CACHE = KeyCacheSettings.DEFAULTS;
    public static final Duration CLOCK_SKEW = IssuerConfig.DEFAULT_CLOCK_SKEW;

    private TestIssuers() {
    }

    /**
     * An issuer accepting audience {@link #AUDIENCE} and the given algorithms: the default clock skew, {@code exp}
     * required, no RFC 9068 {@code typ} required, fetches over https only (1 s timeouts, 64 KiB), {@link #KEY_CACHE}.
     * Its key source is a file that is never read (tests hand the store its source): a shared secret for HMAC
     * algorithms, published keys otherwise, as the parser would have it (IssuerConfig refuses HMAC with published
     * keys).
     */
    public static IssuerConfig config(String issuer, Set<String> algorithms) {
        return config(issuer, algorithms, IssuerConfig.DEFAULT_REQUIRE_ACCESS_TOKEN_TYPE);
    }

    /** {@link #config(String, Set)}, requiring the RFC 9068 {@code typ} or not. */
    public static IssuerConfig config(String issuer, Set<String> algorithms, boolean requireAccessTokenType) {
        KeySourceSpec spec = algorithms.stream().anyMatch(alg -> alg.startsWith("HS"))
                ? new KeySourceSpec.SharedSecret(Path.of("unused")) : new KeySourceSpec.JwksFile(Path.of("unused"));
        return new IssuerConfig(issuer, spec, Set.of(AUDIENCE), algorithms,
                CLOCK_SKEW, IssuerConfig.DEFAULT_REQUIRE_EXPIRY, requireAccessTokenType,
                fetch(Duration.ofSeconds(1), 65536), KEY_CACHE);
    }

    /** Plain HTTPS fetches with the JDK's trust store, no redirects to other hosts, {@code timeout} for each step. */
    public static FetchSettings fetch(Duration timeout, int maxResponseBytes) {
        return new FetchSettings(timeout, timeout, maxResponseBytes, false, Optional.empty(), Optional.empty(),
                Set.of());
    }

    /** The issuer's key store over {@code source}; fetches run on the calling thread, so tests need not wait. */
    public static IssuerKeyStore store(IssuerConfig issuer, KeySetSource source, PersistedKeySets persisted,
                                       Clock clock) {
        return new IssuerKeyStore(issuer.issuer(), source, issuer.keyCache(), persisted, new KeySetParser(),
                Runnable::run, clock, KeySourceListener.NONE);
    }

    /** The issuer's verifier over a {@link #store key store} of {@code source}. */
    public static IssuerVerifier verifier(IssuerConfig issuer, KeySetSource source, PersistedKeySets persisted,
                                          Clock clock) {
        return new IssuerVerifier(issuer, store(issuer, source, persisted, clock), clock);
    }
}
