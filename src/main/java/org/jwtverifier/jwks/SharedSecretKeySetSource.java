package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HMAC secret, read from a file (raw bytes; surrounding whitespace ignored). Never published, fetched or
 * persisted. RFC 7518 §3.2 requires a key at least as long as the hash output: 32 bytes for HS256.
 */
public final class SharedSecretKeySetSource implements KeySetSource {
    private static final int MIN_SECRET_BYTES = 32;
    private final Path path;
    private final Clock clock;

    public SharedSecretKeySetSource(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    @Override
    public KeySet load() throws KeySourceException {
        byte[] secret;
        try {
            secret = new String(Files.readAllBytes(path), java.nio.charset.StandardCharsets.UTF_8).strip()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeySourceException("cannot read shared secret file " + path + ": " + e.getClass().getSimpleName());
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new KeySourceException("shared secret in " + path + " is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        VerificationKey key = new VerificationKey(null, new SecretKeySpec(secret, "HmacSHA256"), "oct", null, null,
                "sig", Set.of());
        return new KeySet(List.of(key), 0, clock.instant(), null);
    }

    @Override
    public boolean changedSince(KeySet keySet) {
        return FileJwksFetcher.modifiedAfter(path, keySet.fetchedAt());
    }

    /** Never used to persist (a secret is not written anywhere), but named like a file source for symmetry. */
    @Override
    public String persistenceIdentity() {
        return FileJwksFetcher.identity("shared-secret-file", path);
    }

    @Override
    public String toString() {
        return "shared secret file " + path;
    }
}
