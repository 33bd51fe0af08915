package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.dotted;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How keys are fetched over HTTP from one issuer.
 *
 * @param connectTimeout     TCP connect bound
 * @param readTimeout        bound on the whole response
 * @param maxResponseBytes   a larger JWKS or discovery document is refused
 * @param allowInsecureHttp  plain http to a non-loopback host is refused unless this is set
 * @param trustStore         a PKCS#12 or JKS trust store for the IdP's CA, else the JVM default
 * @param trustStorePassword its password, never logged
 * @param redirectHosts      hosts (lower case) that a redirect may lead to besides the URL's own origin
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int maxResponseBytes,
                            boolean allowInsecureHttp, Optional<Path> trustStore, Optional<String> trustStorePassword,
                            Set<String> redirectHosts) {

    /** {@code connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** {@code readTimeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
    /** The longest {@code readTimeout}: Traefik gives up on the verifier after 30s. */
    public static final Duration MAX_READ_TIMEOUT = Duration.ofSeconds(25);
    /** {@code maxJwksBytes}: 512 KiB, far above any real JWKS or discovery document. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024;
    /** The smallest {@code maxJwksBytes}. */
    public static final int MIN_MAX_RESPONSE_BYTES = 1024;
    /** {@code allowInsecureHttp}. */
    public static final boolean DEFAULT_ALLOW_INSECURE_HTTP = false;
    /** The three defaults above that bound one call, as the parser reads them. */
    static final HttpLimits DEFAULT_LIMITS = new HttpLimits(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            DEFAULT_MAX_RESPONSE_BYTES);

    /** A plain host name, lower case: a redirect is matched by host alone. */
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    /**
     * Redirect hosts are kept in lower case.
     *
     * @throws IllegalArgumentException where the parser would report a problem, in its words
     */
    public FetchSettings {
        Problems.requireNonNull("connectTimeout", connectTimeout, "readTimeout", readTimeout,
                "trustStore", trustStore, "trustStorePassword", trustStorePassword, "redirectHosts", redirectHosts);
        Set<String> given = redirectHosts;
        Problems.requireNone(p -> {
            check(connectTimeout, readTimeout, maxResponseBytes, "", p);
            given.forEach(h -> checkRedirectHost(h, "", p));
        });
        redirectHosts = redirectHosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Records each problem of these values under its configuration key below {@code at}. */
    static void check(Duration connectTimeout, Duration readTimeout, int maxResponseBytes, String at,
                      Problems problems) {
        if (!positive(connectTimeout) || !positive(readTimeout)) {
            problems.add(dotted(at, "connectTimeout/readTimeout"), "must be positive");
        }
        if (readTimeout.compareTo(MAX_READ_TIMEOUT) > 0) {
            problems.add(dotted(at, "readTimeout"), "must stay under " + Durations.format(MAX_READ_TIMEOUT)
                    + " (Traefik gives up on the verifier after 30s)");
        }
        if (maxResponseBytes < MIN_MAX_RESPONSE_BYTES) {
            problems.add(dotted(at, "maxJwksBytes"), "must be at least " + MIN_MAX_RESPONSE_BYTES);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    /**
     * Plain host names: a redirect is matched by host alone, so a scheme, port, path or wildcard would mislead.
     *
     * @param host as configured; compared in lower case
     * @return whether it is one
     */
    static boolean checkRedirectHost(String host, String at, Problems problems) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (!HOST_NAME.matcher(lower).matches() || lower.contains("..")) {
            problems.add(dotted(at, "redirectHosts"), "'" + host + "' is not a host name (no scheme, port, path or"
                    + " wildcard: a redirect to any port of that host is followed)");
            return false;
        }
        return true;
    }

    /**
     * Whether keys may be fetched from {@code target} at all: over https, or over plain http where it cannot be
     * intercepted (loopback) or where the operator accepted the risk ({@code allowInsecureHttp}). The one rule for
     * configured URLs, discovered {@code jwks_uri}s and redirect targets alike.
     */
    public boolean permitsTransport(URI target) {
        return permitsTransport(target, allowInsecureHttp);
    }

    static boolean permitsTransport(URI target, boolean allowInsecureHttp) {
        String scheme = target.getScheme();
        return "https".equalsIgnoreCase(scheme)
                || "http".equalsIgnoreCase(scheme) && (allowInsecureHttp || isLoopback(target.getHost()));
    }

    /**
     * Whether a URL host is the loopback interface, where plain http cannot be intercepted: an IPv4 literal in
     * {@code 127.0.0.0/8} written as a dotted quad (RFC 1122 §3.2.1.3; four decimal octets, no leading zeros, so no
     * resolver reads it another way), the IPv6 literal {@code ::1} in brackets (RFC 3986 §3.2.2; any spelling of
     * that one address, without a zone), or the name {@code localhost} itself (RFC 6761 §6.3). Decided from the
     * text alone, never by a DNS lookup, and never from a prefix: {@code 127.attacker.example} and
     * {@code 127.0.0.1.nip.io} are names anyone can point anywhere.
     *
     * @param host {@link URI#getHost()}: IPv6 literals keep their brackets there
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6Loopback(host.substring(1, host.length() - 1));
        }
        return isIpv4Loopback(host);
    }

    private static boolean isIpv4Loopback(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }

    /** {@code ::1} in full, compressed or mixed spelling; a zone ({@code %lo}) or embedded IPv4 part is refused. */
    private static boolean isIpv6Loopback(String literal) {
        if (!literal.matches("[0-9A-Fa-f:]+") || literal.indexOf("::") != literal.lastIndexOf("::")) {
            return false;
        }
        String[] halves = literal.split("::", -1);
        List<String> groups = new ArrayList<>(groups(halves[0]));
        if (halves.length == 2) {
            List<String> tail = groups(halves[1]);
            int missing = 8 - groups.size() - tail.size();
            if (missing < 1) {
                return false;
            }
            groups.addAll(Collections.nCopies(missing, "0"));
            groups.addAll(tail);
        }
        if (groups.size() != 8 || groups.contains(null)) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (Integer.parseInt(groups.get(i), 16) != 0) {
                return false;
            }
        }
        return Integer.parseInt(groups.get(7), 16) == 1;
    }

    /** The hex groups of one side of {@code ::}; a null element marks an empty or over-long group. */
    private static List<String> groups(String side) {
        if (side.isEmpty()) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        for (String group : side.split(":", -1)) {
            groups.add(group.isEmpty() || group.length() > 4 ? null : group);
        }
        return groups;
    }

    /** Whether a redirect may lead to {@code host} (compared without regard to case). */
    public boolean allowsRedirectTo(String host) {
        return host != null && redirectHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "FetchSettings[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxResponseBytes=" + maxResponseBytes + ", allowInsecureHttp=" + allowInsecureHttp
                + ", trustStore=" + trustStore + ", redirectHosts=" + redirectHosts + "]";
    }
}
