package org.jwtverifier.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a clustered store keeps of one key, on the server and in its files, and how two of them compare. */
class ClusterMirrorFilesTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ISSUER = "https://idp.example.com";

    @TempDir
    Path dir;

    @Test
    void entriesAndRemovalsSurviveTheirTextForm() throws IOException {
        ClusterEntry put = ClusterEntry.of(session("sid-1", T));
        ClusterEntry removal = ClusterEntry.removal(put.key(), T.plusSeconds(5), T.plusSeconds(3600));
        assertEquals(put, ClusterEntry.decode(put.encode()));
        assertEquals(removal, ClusterEntry.decode(removal.encode()));
        assertTrue(removal.isRemoval());
        assertEquals(List.of(), removal.inForce(T).stream().toList());
        assertThrows(IOException.class, () -> ClusterEntry.decode("remove {\"key\":1}"));
        assertThrows(IOException.class, () -> ClusterEntry.decode("{\"kind\":\"SESSION\"}"));
    }

    @Test
    void laterChangeWinsAndARemovalWinsATie() {
        ClusterEntry first = ClusterEntry.of(session("sid-1", T));
        ClusterEntry later = ClusterEntry.of(session("sid-1", T.plusSeconds(1)));
        ClusterEntry removalAtSameInstant = ClusterEntry.removal(first.key(), T, T.plusSeconds(60));
        assertTrue(first.supersedes(null));
        assertTrue(later.supersedes(first));
        assertFalse(first.supersedes(later));
        assertTrue(removalAtSameInstant.supersedes(first));
        assertFalse(first.supersedes(removalAtSameInstant));
        assertFalse(first.supersedes(first), "the same change is no news");
    }

    @Test
    void appendedLinesReadBackLastOfEachKeyAndATornLastLineIsSkipped() throws IOException {
        ClusterMirrorFiles files = new ClusterMirrorFiles(dir);
        ClusterEntry a = ClusterEntry.of(session("a", T));
        ClusterEntry b = ClusterEntry.of(session("b", T));
        ClusterEntry aRemoved = ClusterEntry.removal(a.key(), T.plusSeconds(1), T.plusSeconds(60));
        files.appendPending(a);
        files.appendPending(b);
        files.appendPending(aRemoved);
        Files.writeString(dir.resolve("pending.jsonl"), "put {\"kind\":\"SESS", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertEquals(List.of(b, aRemoved), files.readPending());

        files.writeKnown(List.of(a, b));
        files.appendKnown(List.of(aRemoved));
        assertEquals(List.of(b, aRemoved), files.readKnown());
        files.writePending(List.of());
        assertEquals(List.of(), files.readPending());
    }

    private static Revocation session(String sid, Instant at) {
        return new Revocation(Revocation.Kind.SESSION, ISSUER, sid, null, at.plusSeconds(3600), at, "test");
    }
}
