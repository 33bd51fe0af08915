package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secrets in every file under a Tomcat's {@code logs} folder (console output, Tomcat's own logs, access
 * logs). Tomcat prints a byte it refuses as {@code 0xNN} inside the line it logs; a token split by such a marker
 * is still a token (take the marker out and it verifies), so the text is also searched with those markers removed.
 */
public final class LogFiles {
    private static final Pattern TOMCAT_BYTE_MARKER = Pattern.compile("0x[0-9A-Fa-f]{2}");

    private LogFiles() {
    }

    /**
     * The pieces of a compact JWS worth looking for: the whole token, and its signature segment (which alone
     * identifies the token, and which a log cut short by a length limit may still hold).
     */
    public static Set<String> tokenPieces(String token) {
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(token);
        String[] segments = token.split("\\.");
        if (segments.length == 3 && segments[2].length() >= 16) {
            pieces.add(segments[2]);
        }
        return pieces;
    }

    /** @return one line per finding, "file: piece", empty when no file under {@code logsDir} holds any piece */
    public static List<String> findings(Path logsDir, Collection<String> pieces) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logsDir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                // ISO-8859-1: any byte reads as one char, so odd bytes in a log cannot hide a match.
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                String unmarked = TOMCAT_BYTE_MARKER.matcher(text).replaceAll("");
                for (String piece : pieces) {
                    if (text.contains(piece) || unmarked.contains(piece)) {
                        found.add(logsDir.relativize(file) + ": " + abbreviate(piece));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Waits up to {@code patience} for any piece to show up (Tomcat writes its log files from a queue, a moment
     * after the event); returns the findings, empty when none appeared in that time.
     */
    public static List<String> findingsWithin(java.time.Duration patience, Path logsDir, Collection<String> pieces) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> found = findings(logsDir, pieces);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Await.pause(200);
            found = findings(logsDir, pieces);
        }
        return found;
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 12) + "…" + s.substring(s.length() - 8) + " (" + s.length() + " chars)";
    }
}
