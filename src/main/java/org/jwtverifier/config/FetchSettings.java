package org.jwtverifier.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How keys are fetched over HTTP from one issuer.
 *
 * @param connectTimeout     TCP connect bound
 * @param readTimeout        bound on the whole response
 * @param maxResponseBytes   a larger JWKS or discovery document is refused
 * @param allowInsecureHttp  plain http to a non-loopback host is refused unless this is set
 * @param trustStore         a PKCS#12 or JKS trust store for the IdP's CA, else the JVM default
 * @param trustStorePassword its password, never logged
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int maxResponseBytes,
                            boolean allowInsecureHttp, Optional<Path> trustStore, Optional<String> trustStorePassword) {

    @Override
    public String toString() {
        return "FetchSettings[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxResponseBytes=" + maxResponseBytes + ", allowInsecureHttp=" + allowInsecureHttp
                + ", trustStore=" + trustStore + "]";
    }
}
