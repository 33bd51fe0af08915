package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.files.DurableFiles;

/**
 * One file per persisted key set, written so that a crash at any moment leaves either the previous or the new
 * document: the entry goes to a temporary file in the same directory, is forced to disk, and is renamed over the
 * old file (an atomic rename on POSIX file systems); the directory is then forced too, so the rename itself
 * survives a power cut. File names are the SHA-256 of the key (issuer and source), and each file repeats its key,
 * so a file can never be taken for another issuer's.
 */
final class KeySetSnapshots {
    private static final Logger LOG = Logger.getLogger(KeySetSnapshots.class.getName());
    private static final String SUFFIX = ".json";

    private final Path directory;

    private KeySetSnapshots(Path directory) {
        this.directory = directory;
    }

    /** Creates the directory if needed and deletes temporary files a crash left behind. */
    static KeySetSnapshots open(Path directory) throws IOException {
        Files.createDirectories(directory);
        DurableFiles.deleteLeftovers(directory);
        return new KeySetSnapshots(directory);
    }

    Optional<KeySetEntry> read(String key) {
        Path file = fileFor(key);
        try {
            String stored = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(KeySetEntry.decode(stored, key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable key set snapshot {0}: {1}", new Object[]{file, e.toString()});
            delete(key);
            return Optional.empty();
        }
    }

    void write(String key, KeySetEntry entry) {
        Path file = fileFor(key);
        try {
            DurableFiles.replace(file, entry.encode(key).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot write key set snapshot {0}: {1}", new Object[]{file, e.toString()});
        }
    }

    /**
     * Copies every snapshot of another directory whose key this one lacks or holds an earlier fetch of.
     *
     * @return how many were copied
     */
    int copyNewerFrom(Path other) throws IOException {
        int copied = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(other, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    String stored = Files.readString(file, StandardCharsets.UTF_8);
                    String key = KeySetEntry.keyOf(stored);
                    KeySetEntry entry = KeySetEntry.decode(stored, key);
                    if (!file.getFileName().toString().equals(fileName(key))) {
                        throw new IOException("file name does not match the key it names");
                    }
                    Optional<KeySetEntry> own = read(key);
                    if (own.isEmpty() || entry.fetchedAt().isAfter(own.get().fetchedAt())) {
                        write(key, entry);
                        copied++;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Not copying key set snapshot {0}: {1}", new Object[]{file, e.toString()});
                }
            }
        }
        return copied;
    }

    void delete(String key) {
        try {
            Files.deleteIfExists(fileFor(key));
            DurableFiles.forceDirectory(directory);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot delete key set snapshot {0}: {1}", new Object[]{fileFor(key), e.toString()});
        }
    }

    private Path fileFor(String key) {
        return directory.resolve(fileName(key));
    }

    /** The name of a key's snapshot file: the SHA-256 of the key, so no issuer URL has to become a file name. */
    static String fileName(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
