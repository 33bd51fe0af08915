package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.dotted;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One trusted token issuer.
 *
 * @param issuer         the exact {@code iss} value (RFC 7519 §4.1.1), compared as a case-sensitive string
 * @param keySource      where its keys come from
 * @param audiences      a token's {@code aud} must contain at least one of these (RFC 7519 §4.1.3); kept in
 *                       configured order
 * @param algorithms     the {@code alg} values accepted (RFC 7518 §3.1 names, from {@link JwsAlgorithm}); never
 *                       {@code none}
 * @param clockSkew      tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param requireExpiry  reject tokens without {@code exp}
 * @param requireAccessTokenType require the RFC 9068 §2.1 header {@code typ: at+jwt}; when false, any or no
 *                       {@code typ} is accepted, {@code at+jwt} included
 * @param fetch          HTTP fetch settings (unused for local sources)
 * @param keyCache       key caching and refresh settings
 * @param introspection  how its tokens are introspected (RFC 7662); empty: never
 */
public record IssuerConfig(String issuer, KeySourceSpec keySource, Set<String> audiences, Set<String> algorithms,
                           Duration clockSkew, boolean requireExpiry, boolean requireAccessTokenType, FetchSettings fetch,
                           KeyCacheSettings keyCache, Optional<IntrospectionConfig> introspection) {
    /** {@code algorithms} with published keys: every asymmetric algorithm. */
    public static final Set<String> DEFAULT_ALGORITHMS = JwsAlgorithm.ASYMMETRIC;
    /** {@code algorithms} with a {@code sharedSecretFile}. */
    public static final Set<String> DEFAULT_SHARED_SECRET_ALGORITHMS = Set.of(JwsAlgorithm.HS256.name());
    /** {@code clockSkew}, at the top level and so for every issuer that sets none. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** {@code requireExpiry}. */
    public static final boolean DEFAULT_REQUIRE_EXPIRY = true;
    /** {@code tokenType: any}: an RFC 9068 {@code typ} is not required unless asked for. */
    public static final boolean DEFAULT_REQUIRE_ACCESS_TOKEN_TYPE = false;

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public IssuerConfig {
        Problems.requireNonNull("keySource", keySource, "audiences", audiences, "algorithms", algorithms,
                "clockSkew", clockSkew, "fetch", fetch, "keyCache", keyCache, "introspection", introspection);
        Set<String> accepted = audiences;
        Set<String> allowed = algorithms;
        Problems.requireNone(p -> {
            checkIssuer(issuer, "", p);
            checkAudiences(accepted, "", p);
            checkAlgorithms(allowed, keySource.isSharedSecret(), "", p);
            p.notNegative("clockSkew", clockSkew);
            checkTransport(keySource, fetch.allowInsecureHttp(), "", p);
        });
        audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
        algorithms = Set.copyOf(algorithms);
    }

    /** An issuer whose tokens are never introspected. */
    public IssuerConfig(String issuer, KeySourceSpec keySource, Set<String> audiences, Set<String> algorithms,
                        Duration clockSkew, boolean requireExpiry, boolean requireAccessTokenType, FetchSettings fetch,
                        KeyCacheSettings keyCache) {
        this(issuer, keySource, audiences, algorithms, clockSkew, requireExpiry, requireAccessTokenType, fetch,
                keyCache, Optional.empty());
    }

    static void checkIssuer(String issuer, String at, Problems problems) {
        if (issuer == null || issuer.isBlank()) {
            problems.add(dotted(at, "issuer"), "is required");
        }
    }

    static void checkAudiences(Set<String> audiences, String at, Problems problems) {
        if (audiences.isEmpty()) {
            problems.add(dotted(at, "audiences"), "at least one audience is required");
        }
    }

    /**
     * HMAC only with a shared secret, and only HMAC with one: a public key used as an HMAC secret would let anyone
     * holding it sign tokens (RFC 8725 §2.1).
     */
    static void checkAlgorithms(Set<String> algorithms, boolean sharedSecret, String at, Problems problems) {
        for (String alg : algorithms) {
            JwsAlgorithm known = JwsAlgorithm.named(alg).orElse(null);
            if (known == null) {
                problems.add(dotted(at, "algorithms"), "unsupported algorithm '" + alg + "'; allowed: "
                        + String.join(", ", new TreeSet<>(JwsAlgorithm.ASYMMETRIC)) + ", HS256/384/512");
            } else if (known.isHmac() && !sharedSecret) {
                problems.add(dotted(at, "algorithms"), alg + " needs sharedSecretFile or sharedSecret and is never allowed with "
                        + "published keys (it would let anyone holding the public key sign tokens)");
            } else if (!known.isHmac() && sharedSecret) {
                problems.add(dotted(at, "algorithms"), alg + " cannot be used with a shared secret");
            }
        }
    }

    /** The one transport rule ({@link FetchSettings#permitsTransport(URI)}) applied to a configured URL. */
    static void checkTransport(KeySourceSpec source, boolean allowInsecureHttp, String at, Problems problems) {
        if (source instanceof KeySourceSpec.JwksUri u) {
            checkTransport(u.uri(), allowInsecureHttp, dotted(at, "jwksUri"), problems);
        } else if (source instanceof KeySourceSpec.Discovery d) {
            checkTransport(d.configurationUri(), allowInsecureHttp, dotted(at, "discovery"), problems);
        }
    }

    private static void checkTransport(URI uri, boolean allowInsecureHttp, String key, Problems problems) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(key, "must be an http(s) URL");
        } else if (!FetchSettings.permitsTransport(uri, allowInsecureHttp)) {
            problems.add(key, "must use https (keys fetched over plain http can be swapped in transit); "
                    + "set allowInsecureHttp: true to accept the risk");
        }
    }
}
