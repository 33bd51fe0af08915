package org.jwtverifier.config;

import java.nio.file.Path;
import java.time.Instant;
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
 * @param issuers           trusted issuers by their exact {@code iss} value
 * @param keyStoreDirectory where last good key sets are persisted; empty means the container's work directory
 * @param trustedProxies    peers whose {@code X-Forwarded-*} headers are believed (loopback by default)
 * @param routes            route rules, first match wins
 * @param defaultPolicy     the policy when no route matches, or when forwarded headers are not trusted
 * @param tokenCache        the verified-token cache
 */
public record VerifierConfig(Path source, Instant loadedAt, String realm, int maxTokenBytes,
                             List<IdentityHeader> identityHeaders, Map<String, IssuerConfig> issuers,
                             Optional<Path> keyStoreDirectory, List<AddressRange> trustedProxies,
                             List<RouteConfig> routes, PolicyConfig defaultPolicy, TokenCacheConfig tokenCache) {

    /** @return issuers in configured order */
    public List<IssuerConfig> issuerList() {
        return List.copyOf(issuers.values());
    }
}
