package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.dotted;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How one issuer's tokens are introspected (RFC 7662): the opaque tokens it hands out, and where asked its JWTs too.
 *
 * @param endpoint              the introspection endpoint (RFC 7662 §2); empty: the {@code introspection_endpoint}
 *                              of the issuer's discovery document (RFC 8414 §2, OpenID Connect Discovery 1.0 §3)
 * @param discoveryDocument     where that document is read when no endpoint is given
 * @param clientAuthentication  how the verifier authenticates to the endpoint (RFC 7662 §2.1, RFC 6749 §2.3.1)
 * @param clientId              its client id at the IdP
 * @param clientSecretReference the reference the secret was written as ({@code ${env:NAME}}, {@code ${file:PATH}}),
 *                              the only form in which it is ever shown
 * @param clientSecret          the client secret, never logged nor shown
 * @param introspectJwts        whether the issuer's JWTs are introspected too (after their own verification), not
 *                              only tokens that are not JWTs
 * @param maxTtl                an active answer is remembered until the token's {@code exp}, and at most this long
 * @param negativeTtl           how long an inactive answer is remembered
 * @param maxEntries            bound on the answers remembered
 * @param maxConcurrent         bound on the calls in flight to the endpoint at once
 * @param maxWait               how long a request waits for one of those calls to be free, or for the call that
 *                              another request already makes for the same token, beyond the call's own timeouts
 * @param connectTimeout        TCP connect bound of one call
 * @param readTimeout           bound on the whole answer of one call
 * @param maxResponseBytes      a larger answer is an IdP failure
 */
public record IntrospectionConfig(Optional<URI> endpoint, URI discoveryDocument,
                                  ClientAuthentication clientAuthentication, String clientId,
                                  String clientSecretReference, String clientSecret, boolean introspectJwts,
                                  Duration maxTtl, Duration negativeTtl, long maxEntries, int maxConcurrent,
                                  Duration maxWait, Duration connectTimeout, Duration readTimeout,
                                  int maxResponseBytes) {
    /** {@code clientAuthentication}. */
    public static final ClientAuthentication DEFAULT_CLIENT_AUTHENTICATION = ClientAuthentication.CLIENT_SECRET_BASIC;
    /** {@code introspectJwts}: only tokens that are not JWTs are introspected. */
    public static final boolean DEFAULT_INTROSPECT_JWTS = false;
    /** {@code maxTtl}. */
    public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(2);
    /** {@code negativeTtl}. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);
    /** {@code maxEntries}. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** {@code maxConcurrent}. */
    public static final int DEFAULT_MAX_CONCURRENT = 8;
    /** The largest {@code maxConcurrent}. */
    public static final int MAX_MAX_CONCURRENT = 256;
    /** {@code maxWait}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(250);
    /** The longest {@code maxWait}. */
    public static final Duration MAX_MAX_WAIT = Duration.ofSeconds(5);
    /** {@code connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** {@code readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);
    /** {@code maxResponseBytes}: 64 KiB, far above any introspection answer. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    /** The three defaults above that bound one call, as the parser reads them. */
    static final HttpLimits DEFAULT_LIMITS = new HttpLimits(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            DEFAULT_MAX_RESPONSE_BYTES);

    /** RFC 7662 §2.1 leaves the method to the server; these are RFC 6749 §2.3.1's two (RFC 8414 §2 names). */
    public enum ClientAuthentication {
        /** HTTP Basic with the form-encoded client id and secret. */
        CLIENT_SECRET_BASIC,
        /** {@code client_id} and {@code client_secret} as form parameters of the request body. */
        CLIENT_SECRET_POST;

        /** @return the RFC 8414 name, as in the file */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<ClientAuthentication> named(String name) {
            return Arrays.stream(values()).filter(v -> v.configName().equals(name)).findFirst();
        }
    }

    /** @throws IllegalArgumentException where the parser would report a problem, in its words */
    public IntrospectionConfig {
        Problems.requireNonNull("endpoint", endpoint, "discoveryDocument", discoveryDocument,
                "clientAuthentication", clientAuthentication, "clientSecretReference", clientSecretReference,
                "clientSecret", clientSecret, "maxTtl", maxTtl, "negativeTtl", negativeTtl, "maxWait", maxWait,
                "connectTimeout", connectTimeout, "readTimeout", readTimeout);
        Problems.requireNone(p -> check(clientId, maxTtl, negativeTtl, maxEntries, maxConcurrent, maxWait,
                connectTimeout, readTimeout, maxResponseBytes, "", p));
    }

    /** Records each problem of these values under its key below {@code at}. */
    static void check(String clientId, Duration maxTtl, Duration negativeTtl, long maxEntries, int maxConcurrent,
                      Duration maxWait, Duration connectTimeout, Duration readTimeout, int maxResponseBytes,
                      String at, Problems problems) {
        if (clientId == null || clientId.isBlank()) {
            problems.add(dotted(at, "clientId"), "is required");
        }
        if (!positive(maxTtl) || !positive(negativeTtl)) {
            problems.add(dotted(at, "maxTtl/negativeTtl"), "must be positive");
        } else if (negativeTtl.compareTo(maxTtl) > 0) {
            problems.add(dotted(at, "negativeTtl"), "must not exceed maxTtl");
        }
        if (maxEntries < 1) {
            problems.add(dotted(at, "maxEntries"), "must be positive");
        }
        if (maxConcurrent < 1 || maxConcurrent > MAX_MAX_CONCURRENT) {
            problems.add(dotted(at, "maxConcurrent"), "must be between 1 and " + MAX_MAX_CONCURRENT);
        }
        if (!positive(maxWait) || maxWait.compareTo(MAX_MAX_WAIT) > 0) {
            problems.add(dotted(at, "maxWait"), "must be positive and at most " + Durations.format(MAX_MAX_WAIT));
        }
        if (!positive(connectTimeout) || !positive(readTimeout)) {
            problems.add(dotted(at, "connectTimeout/readTimeout"), "must be positive");
        } else if (connectTimeout.plus(readTimeout).plus(maxWait).compareTo(FetchSettings.MAX_READ_TIMEOUT) > 0) {
            problems.add(dotted(at, "readTimeout"), "connectTimeout + readTimeout + maxWait must stay under "
                    + Durations.format(FetchSettings.MAX_READ_TIMEOUT) + " (a request waits for them; Traefik gives"
                    + " up on the verifier after 30s)");
        }
        if (maxResponseBytes < FetchSettings.MIN_MAX_RESPONSE_BYTES) {
            problems.add(dotted(at, "maxResponseBytes"), "must be at least " + FetchSettings.MIN_MAX_RESPONSE_BYTES);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    /** Names the secret by its reference only. */
    @Override
    public String toString() {
        return "IntrospectionConfig[endpoint=" + endpoint.map(URI::toString).orElse("discovery " + discoveryDocument)
                + ", clientAuthentication=" + clientAuthentication.configName() + ", clientId=" + clientId
                + ", clientSecret=" + clientSecretReference + ", introspectJwts=" + introspectJwts + ", maxTtl=" + maxTtl
                + ", negativeTtl=" + negativeTtl + ", maxEntries=" + maxEntries + ", maxConcurrent=" + maxConcurrent
                + ", maxWait=" + maxWait + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
}
