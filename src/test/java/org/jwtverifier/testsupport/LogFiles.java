package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private static final Pattern NOT_BASE64URL = Pattern.compile("[^A-Za-z0-9_-]+");
    private static final int MIN_SEGMENT = 16;

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
     * Like {@link #findings}, for many secrets at once: every maximal run of base64url characters in a log (with
     * Tomcat's byte markers taken out, and as written) is looked up among {@code segments}, the dot-separated
     * segments of the tokens sent. A segment of a token is as replayable as the token once its neighbours are known
     * (the header segment of an issuer rarely changes), so any of them found is a finding.
     */
    public static List<String> segmentFindings(Path logsDir, Set<String> segments, Map<Path, Long> since) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logsDir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                int from = (int) Math.min(bytes.length, since.getOrDefault(file, 0L));
                String text = new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1);
                for (String variant : List.of(text, TOMCAT_BYTE_MARKER.matcher(text).replaceAll(""))) {
                    for (String run : NOT_BASE64URL.split(variant)) {
                        if (run.length() >= MIN_SEGMENT && segments.contains(run)) {
                            found.add(logsDir.relativize(file) + ": " + abbreviate(run));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.stream().distinct().toList();
    }

    /**
     * How long each file under {@code logsDir} is now: a test that shares its Tomcat with others (and with earlier
     * runs, whose logs stay) looks only at what was written after this mark.
     */
    public static Map<Path, Long> mark(Path logsDir) {
        Map<Path, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(logsDir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                sizes.put(file, Files.size(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    /** {@link #segmentFindings}, waiting up to {@code patience} for a late line (see {@link #findingsWithin}). */
    public static List<String> segmentFindingsWithin(java.time.Duration patience, Path logsDir, Set<String> segments,
                                                     Map<Path, Long> since) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> found = segmentFindings(logsDir, segments, since);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Await.pause(200);
            found = segmentFindings(logsDir, segments, since);
        }
        return found;
    }

    /** The segments of {@code tokens} long enough to be unique: what {@link #segmentFindings} looks for. */
    public static Set<String> segmentsOf(Collection<String> tokens) {
        Set<String> segments = new java.util.HashSet<>();
        for (String token : tokens) {
            for (String run : NOT_BASE64URL.split(token)) {
                if (run.length() >= MIN_SEGMENT) {
                    segments.add(run);
                }
            }
        }
        return segments;
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
