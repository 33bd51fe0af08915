package org.jwtverifier.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, parsed once and immutable.
 *
 * @param source            the file it was read from
 * @param loadedAt          when it was read
 * @param realm             the {@code realm} of {@code WWW-Authenticate} challenges (RFC 6750 §3)
 * @param maxTokenBytes     a longer token is refused with 400 before any parsing
 * @param identityHeaders   the identity headers sent on every 200, in configured order
 * @param issuers           trusted issuers by their exact {@code iss} value, in configured order
 * @param keyStoreDirectory where last good key sets are persisted; empty means the container's work directory
 * @param trustedProxies    peers whose {@code X-Forwarded-*} headers are believed (loopback by default)
 * @param routes            route rules, first match wins
 * @param defaultPolicy     the policy when no route matches, or when forwarded headers are not trusted
 * @param tokenCache        the verified-token cache
 * @param decisionLog       how decisions are logged
 * @param revocation        revocations and back-channel logout
 * @param cluster           where revocations are shared with other replicas; empty: kept on this replica's disk
 * @param references        each key whose value was a reference ({@code ${env:NAME}}, {@code ${file:PATH}}) to
 *                          that reference as written: what may be shown instead of the value, which never is
 * @param cryptoProvider    {@code crypto.provider}: which JCA provider verifies signatures
 */
public record VerifierConfig(Path source, Instant loadedAt, String realm, int maxTokenBytes,
                             List<IdentityHeader> identityHeaders, Map<String, IssuerConfig> issuers,
                             Optional<Path> keyStoreDirectory, List<AddressRange> trustedProxies,
                             List<RouteConfig> routes, PolicyConfig defaultPolicy, TokenCacheConfig tokenCache,
                             DecisionLogConfig decisionLog, RevocationConfig revocation,
                             Optional<ClusterConfig> cluster, Map<String, String> references,
                             ProviderChoice cryptoProvider) {
    /** {@code realm}. */
    public static final String DEFAULT_REALM = "jwt-verifier";
    /** {@code maxTokenBytes}: far above a typical access token, far below what could exhaust a request thread. */
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    /** The smallest {@code maxTokenBytes}. */
    public static final int MIN_MAX_TOKEN_BYTES = 256;
    /** The largest {@code maxTokenBytes}: 1 MiB. */
    public static final int MAX_MAX_TOKEN_BYTES = 1 << 20;
    /** {@code identityHeaders}: {@code sub: X-User-Id}, {@code email: X-User-Email}. */
    public static final List<IdentityHeader> DEFAULT_IDENTITY_HEADERS = List.of(
            IdentityHeader.string("sub", "X-User-Id"), IdentityHeader.string("email", "X-User-Email"));
    /** {@code trustedProxies}, as CIDR text: loopback, where a proxy on the same host connects from. */
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of("127.0.0.0/8", "::1/128");

    /** {@code crypto.provider}. */
    public static final ProviderChoice DEFAULT_CRYPTO_PROVIDER = ProviderChoice.AUTO;

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public VerifierConfig {
        Problems.requireNonNull("cryptoProvider", cryptoProvider);
        Problems.requireNonNull("source", source, "loadedAt", loadedAt, "identityHeaders", identityHeaders,
                "issuers", issuers, "keyStoreDirectory", keyStoreDirectory, "trustedProxies", trustedProxies,
                "routes", routes, "defaultPolicy", defaultPolicy, "tokenCache", tokenCache,
                "decisionLog", decisionLog, "revocation", revocation, "cluster", cluster, "references", references);
        references = Collections.unmodifiableMap(new LinkedHashMap<>(references));
        identityHeaders = List.copyOf(identityHeaders);
        issuers = Collections.unmodifiableMap(new LinkedHashMap<>(issuers));
        trustedProxies = List.copyOf(trustedProxies);
        routes = List.copyOf(routes);
        Map<String, IssuerConfig> trusted = issuers;
        Problems.requireNone(p -> {
            checkRealm(realm, p);
            checkMaxTokenBytes(maxTokenBytes, p);
            checkIssuers(trusted, p);
        });
    }

    /** The configuration with the default {@code crypto.provider}. */
    public VerifierConfig(Path source, Instant loadedAt, String realm, int maxTokenBytes,
                          List<IdentityHeader> identityHeaders, Map<String, IssuerConfig> issuers,
                          Optional<Path> keyStoreDirectory, List<AddressRange> trustedProxies,
                          List<RouteConfig> routes, PolicyConfig defaultPolicy, TokenCacheConfig tokenCache,
                          DecisionLogConfig decisionLog, RevocationConfig revocation, Optional<ClusterConfig> cluster,
                          Map<String, String> references) {
        this(source, loadedAt, realm, maxTokenBytes, identityHeaders, issuers, keyStoreDirectory, trustedProxies,
                routes, defaultPolicy, tokenCache, decisionLog, revocation, cluster, references, DEFAULT_CRYPTO_PROVIDER);
    }

    /** @return issuers in configured order */
    public List<IssuerConfig> issuerList() {
        return List.copyOf(issuers.values());
    }

    /** It goes inside a quoted {@code WWW-Authenticate} attribute (RFC 6750 §3, RFC 9110 §5.6.4). */
    static void checkRealm(String realm, Problems problems) {
        if (realm == null || realm.contains("\"") || realm.contains("\\")
                || !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            problems.add("realm", "must be printable ASCII without quotes or backslashes");
        }
    }

    static void checkMaxTokenBytes(int maxTokenBytes, Problems problems) {
        if (maxTokenBytes < MIN_MAX_TOKEN_BYTES || maxTokenBytes > MAX_MAX_TOKEN_BYTES) {
            problems.add("maxTokenBytes", "must be between " + MIN_MAX_TOKEN_BYTES + " and " + MAX_MAX_TOKEN_BYTES);
        }
    }

    static void checkIssuers(Map<String, IssuerConfig> issuers, Problems problems) {
        if (issuers.isEmpty()) {
            problems.add("issuers", "at least one issuer is required");
        }
    }
}
