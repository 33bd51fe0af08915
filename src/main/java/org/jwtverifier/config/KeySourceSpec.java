package org.jwtverifier.config;

import java.net.URI;
import java.nio.file.Path;

/** Where an issuer's verification keys come from; exactly one per issuer. */
public sealed interface KeySourceSpec {

    /** A JWKS document (RFC 7517 §5) at a URL. */
    record JwksUri(URI uri) implements KeySourceSpec {
    }

    /** A JWKS document in a local file, re-read when it changes. */
    record JwksFile(Path path) implements KeySourceSpec {
    }

    /** OpenID Connect discovery: the issuer's {@code /.well-known/openid-configuration} names the {@code jwks_uri}. */
    record Discovery(URI configurationUri) implements KeySourceSpec {
    }

    /** A local shared secret for HMAC algorithms; never fetched from anywhere. */
    record SharedSecret(Path path) implements KeySourceSpec {
    }

    /**
     * A shared secret for HMAC algorithms given by a reference ({@code sharedSecret: ${env:NAME}}); never fetched,
     * persisted, logged or shown: {@link #toString()} and {@link #describe()} name the reference only.
     *
     * @param reference the reference as written in the file
     * @param secret    what it resolved to
     */
    record SharedSecretValue(String reference, String secret) implements KeySourceSpec {
        public SharedSecretValue {
            Problems.requireNonNull("reference", reference, "secret", secret);
        }

        @Override
        public String toString() {
            return "SharedSecretValue[reference=" + reference + "]";
        }
    }

    /** @return whether the keys are a shared HMAC secret, of a file or of a reference */
    default boolean isSharedSecret() {
        return this instanceof SharedSecret || this instanceof SharedSecretValue;
    }

    /** @return a short description for logs and JMX, never secret material */
    default String describe() {
        if (this instanceof JwksUri u) {
            return "jwksUri " + u.uri();
        } else if (this instanceof JwksFile f) {
            return "jwksFile " + f.path();
        } else if (this instanceof Discovery d) {
            return "discovery " + d.configurationUri();
        } else if (this instanceof SharedSecretValue v) {
            return "shared secret from " + v.reference();
        }
        return "shared secret file " + ((SharedSecret) this).path();
    }
}
