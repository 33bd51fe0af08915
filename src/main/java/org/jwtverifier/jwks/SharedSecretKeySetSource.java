package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HMAC secret, read from a file (raw bytes; surrounding whitespace ignored) or given by a reference in the
 * configuration ({@code sharedSecret: ${env:NAME}}, resolved when the configuration was read). Never published,
 * fetched, persisted or logged: messages name the file or the reference. RFC 7518 §3.2 requires a key at least as
 * long as the hash output: 32 bytes for HS256.
 */
public final class SharedSecretKeySetSource implements KeySetSource {
    private static final int MIN_SECRET_BYTES = 32;
    /** The file, or null for a secret given by a reference. */
    private final Path path;
    /** The reference, or null for a file. */
    private final String reference;
    private final byte[] given;
    private final Clock clock;

    public SharedSecretKeySetSource(Path path, Clock clock) {
        this(path, null, null, clock);
    }

    private SharedSecretKeySetSource(Path path, String reference, byte[] given, Clock clock) {
        this.path = path;
        this.reference = reference;
        this.given = given;
        this.clock = clock;
    }

    /**
     * @param reference the reference as written in the configuration, for messages
     * @param secret    what it resolved to; fixed until the configuration is read again
     */
    public static SharedSecretKeySetSource ofValue(String reference, String secret, Clock clock) {
        return new SharedSecretKeySetSource(null, reference, secret.strip().getBytes(StandardCharsets.UTF_8), clock);
    }

    @Override
    public KeySet load() throws KeySourceException {
        byte[] secret;
        if (given != null) {
            secret = given.clone();
        } else {
            try {
                secret = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).strip()
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new KeySourceException("cannot read shared secret file " + path + ": "
                        + e.getClass().getSimpleName());
            }
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new KeySourceException(this + " is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        VerificationKey key = new VerificationKey(null, new SecretKeySpec(secret, "HmacSHA256"), "oct", null, null,
                "sig", Set.of());
        return new KeySet(List.of(key), 0, clock.instant(), null);
    }

    @Override
    public boolean changedSince(KeySet keySet) {
        return path != null && FileJwksFetcher.modifiedAfter(path, keySet.fetchedAt());
    }

    /** Never used to persist (a secret is not written anywhere), but named like a file source for symmetry. */
    @Override
    public String persistenceIdentity() {
        return path != null ? FileJwksFetcher.identity("shared-secret-file", path) : "shared-secret " + reference;
    }

    @Override
    public String toString() {
        return path != null ? "shared secret file " + path : "shared secret from " + reference;
    }
}
