package org.jwtverifier.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.files.DurableFiles;

/**
 * What a clustered store keeps on this replica's disk, so that a restart (or a crash) while the Terracotta server
 * is unreachable still enforces what the replica knew and still writes what was made here meanwhile:
 * {@code known.jsonl}, the revocations last read from the server (plus those made here), and
 * {@code pending.jsonl}, the changes made here that the server has not confirmed.
 *
 * <p>Changes are appended (a line of a key replaces its earlier lines); the files are compacted by replacing them
 * whole: written to a temporary file in the same directory, forced to disk, renamed over
 * the old one (atomic on POSIX file systems), and the directory forced, so a crash leaves the old file or the new
 * one, never a torn one. Lines are {@link ClusterEntry#encode()}; a line that does not decode is skipped and
 * logged, never fatal.
 */
final class ClusterMirrorFiles {
    private static final Logger LOG = Logger.getLogger(ClusterMirrorFiles.class.getName());
    private static final String KNOWN = "known.jsonl";
    private static final String PENDING = "pending.jsonl";

    private final Path directory;

    ClusterMirrorFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            DurableFiles.deleteLeftovers(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the revocation directory " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    /** @return what the replica last knew: revocations and removals (of several lines of a key, the last) */
    List<ClusterEntry> readKnown() {
        return lastOfEachKey(read(KNOWN));
    }

    /** Appends entries to the known file (one forced write), as {@link #appendPending} does for a change. */
    void appendKnown(Collection<ClusterEntry> entries) {
        append(KNOWN, entries);
    }

    /**
     * @return the changes made here that the server has not confirmed, oldest first; of several changes of one
     *         key, the last (the file is appended to, {@link #appendPending})
     */
    List<ClusterEntry> readPending() {
        return lastOfEachKey(read(PENDING));
    }

    private static List<ClusterEntry> lastOfEachKey(List<ClusterEntry> lines) {
        Map<Revocation.Key, ClusterEntry> last = new LinkedHashMap<>();
        for (ClusterEntry e : lines) {
            last.remove(e.key());
            last.put(e.key(), e);
        }
        return new ArrayList<>(last.values());
    }

    /**
     * Appends one change to the pending file and forces it to disk: a change made here costs one short write, also
     * when many are pending while the server is unreachable. A line torn by a crash is a change whose call never
     * returned; it is skipped when read.
     *
     * @throws UncheckedIOException when it cannot be written: the change is then refused
     */
    void appendPending(ClusterEntry entry) {
        append(PENDING, List.of(entry));
    }

    private void append(String name, Collection<ClusterEntry> entries) {
        Path file = directory.resolve(name);
        StringBuilder text = new StringBuilder();
        for (ClusterEntry e : entries) {
            text.append(e.encode()).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void writeKnown(Collection<ClusterEntry> known) {
        write(KNOWN, known);
    }

    void writePending(Collection<ClusterEntry> pending) {
        write(PENDING, pending);
    }

    private List<ClusterEntry> read(String name) {
        List<ClusterEntry> out = new ArrayList<>();
        for (String line : lines(name)) {
            try {
                out.add(ClusterEntry.decode(line));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Skipping an unreadable line of {0}: {1}",
                        new Object[]{directory.resolve(name), e.toString()});
            }
        }
        return out;
    }

    private void write(String name, Collection<ClusterEntry> entries) {
        StringBuilder text = new StringBuilder();
        for (ClusterEntry e : entries) {
            text.append(e.encode()).append('\n');
        }
        replace(name, text.toString());
    }

    private List<String> lines(String name) {
        Path file = directory.resolve(name);
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read {0}: {1}", new Object[]{file, e.toString()});
            return List.of();
        }
    }

    /**
     * @throws UncheckedIOException when the file cannot be written: a change that cannot be kept on disk is
     *                              refused rather than held in memory only
     */
    private void replace(String name, String text) {
        Path file = directory.resolve(name);
        try {
            DurableFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
