package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A JWKS document in a local file: for issuers whose keys are distributed by configuration management. */
public final class FileJwksFetcher implements JwksFetcher {
    private final Path path;
    private final int maxBytes;

    public FileJwksFetcher(Path path, int maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    @Override
    public String fetch() throws KeySourceException {
        try {
            if (Files.size(path) > maxBytes) {
                throw new KeySourceException("file larger than " + maxBytes + " bytes: " + path);
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeySourceException("cannot read " + path + ": " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean changedSince(Instant fetchedAt) {
        return modifiedAfter(path, fetchedAt);
    }

    /** @return whether the file changed after {@code instant}; a file that cannot be read counts as changed */
    static boolean modifiedAfter(Path file, Instant instant) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isAfter(instant);
        } catch (IOException e) {
            return true;
        }
    }

    /** The absolute, normalised path: the same file reached through another relative path is the same source. */
    @Override
    public String persistenceIdentity() {
        return identity("jwks-file", path);
    }

    /** {@code kind:} and the absolute, normalised path. */
    static String identity(String kind, Path file) {
        return kind + ":" + file.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file " + path;
    }
}
