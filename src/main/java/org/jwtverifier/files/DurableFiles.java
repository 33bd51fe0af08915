package org.jwtverifier.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Files that a crash leaves either as they were or as they were meant to be, never half written: what the key set
 * snapshots and the revocation journals and mirrors rely on to outlive a SIGKILL or a power cut.
 */
public final class DurableFiles {
    /** How the temporary files end: a crash may leave one, which the next start may delete. */
    public static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Logger LOG = Logger.getLogger(DurableFiles.class.getName());

    private DurableFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}: written to a temporary file beside it, forced to disk, renamed
     * over it in one atomic step, and the rename forced too. On failure the old file is untouched and the temporary
     * one removed.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            forceDirectory(directory);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "Cannot delete " + temporary, e);
                }
            }
        }
    }

    /** Deletes the temporary files a crash during {@link #replace} left in {@code directory}. */
    public static void deleteLeftovers(Path directory) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Makes a rename or delete in {@code directory} durable; best effort, as not every platform opens a directory. */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot force directory " + directory, e);
        }
    }
}
