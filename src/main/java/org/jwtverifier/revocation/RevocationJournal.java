package org.jwtverifier.revocation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.files.DurableFiles;

/**
 * The crash-safe copy of a local store's revocations: an append-only file of changes, each line forced to disk
 * before the change is reported done, so a revocation survives {@code kill -9} from the moment it was accepted
 * (Ehcache's disk tier does not: after an unclean shutdown it deletes its directory at the next start).
 *
 * <p>A line is {@code + <revocation JSON>} or {@code - <key JSON>}. Reading replays the lines in order; a line
 * that cannot be read (the last one, torn by a crash while it was written) is skipped and logged. The file is
 * rewritten whole (temporary file, forced, renamed over the old one) at open and when it has grown to several
 * times the entries it holds, so it stays bounded by the live entries.
 */
final class RevocationJournal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RevocationJournal.class.getName());
    static final String FILE = "revocations.journal";

    private final Path file;
    private FileChannel channel;
    private long lines;

    private RevocationJournal(Path file) {
        this.file = file;
    }

    /**
     * Opens the journal in {@code directory}, replays it, drops what has expired at {@code now} and rewrites it
     * with what is left.
     *
     * @param into receives the revocations in force, by key
     */
    static RevocationJournal open(Path directory, Instant now, Map<Revocation.Key, Revocation> into)
            throws IOException {
        Files.createDirectories(directory);
        DurableFiles.deleteLeftovers(directory);
        RevocationJournal journal = new RevocationJournal(directory.resolve(FILE));
        into.putAll(read(journal.file));
        into.values().removeIf(r -> r.expired(now));
        journal.rewrite(into.values());
        return journal;
    }

    /** @return the revocations the journal in {@code file} holds (none when there is no file) */
    static Map<Revocation.Key, Revocation> read(Path file) throws IOException {
        Map<Revocation.Key, Revocation> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        int skipped = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    if (line.startsWith("+ ")) {
                        Revocation r = Revocation.decode(line.substring(2));
                        entries.put(r.key(), r);
                    } else if (line.startsWith("- ")) {
                        entries.remove(Revocation.Key.decode(line.substring(2)));
                    } else if (!line.isEmpty()) {
                        skipped++;
                    }
                } catch (IOException e) {
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            LOG.log(Level.WARNING, "Skipped {0} unreadable line(s) of {1} (a write torn by a crash?)",
                    new Object[]{skipped, file});
        }
        return entries;
    }

    synchronized void added(Revocation revocation) throws IOException {
        append("+ " + revocation.encode());
    }

    synchronized void removed(Revocation.Key key) throws IOException {
        append("- " + key.encode());
    }

    /** Rewrites the file when it holds many more lines than {@code live} entries. */
    synchronized void compactIfLarge(Collection<Revocation> live) throws IOException {
        if (lines > 4L * live.size() + 1024) {
            rewrite(live);
        }
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
        lines++;
    }

    private void rewrite(Collection<Revocation> live) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Revocation r : live) {
            text.append("+ ").append(r.encode()).append('\n');
        }
        // Closed across the rename, so no append can land in the file being replaced.
        if (channel != null) {
            channel.close();
        }
        try {
            DurableFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
            lines = live.size();
        } finally {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing " + file + " failed", e);
        }
    }
}
