package org.jwtverifier.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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

    public FetchSettings {
        redirectHosts = Set.copyOf(redirectHosts);
    }

    /** Settings without redirects to other hosts. */
    public FetchSettings(Duration connectTimeout, Duration readTimeout, int maxResponseBytes,
                         boolean allowInsecureHttp, Optional<Path> trustStore, Optional<String> trustStorePassword) {
        this(connectTimeout, readTimeout, maxResponseBytes, allowInsecureHttp, trustStore, trustStorePassword, Set.of());
    }

    /**
     * Whether keys may be fetched from {@code target} at all: over https, or over plain http where it cannot be
     * intercepted (loopback) or where the operator accepted the risk ({@code allowInsecureHttp}). The one rule for
     * configured URLs, discovered {@code jwks_uri}s and redirect targets alike.
     */
    public boolean permitsTransport(URI target) {
        String scheme = target.getScheme();
        return "https".equalsIgnoreCase(scheme)
                || "http".equalsIgnoreCase(scheme) && (allowInsecureHttp || isLoopback(target.getHost()));
    }

    /** Whether a URL host names the loopback interface, where plain http cannot be intercepted. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
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
