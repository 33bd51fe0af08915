package org.jwtverifier.jwks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.testsupport.CapturedLog;

/**
 * The persisted key sets survive a clean close and a crash of the JVM that wrote them, and a damaged copy costs a
 * fetch, never an error.
 */
class PersistedKeySetsTest {
    static final String KEY = "https://idp.example/\nhttps://idp.example/jwks.json";
    static final String DOCUMENT = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"placeholder\"}]}";
    static final Instant FETCHED_AT = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path directory;

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(PersistedKeySets.class.getName(), null);

    static KeySet keySet(String document, Instant fetchedAt) {
        return new KeySet(List.of(), 0, fetchedAt, document);
    }

    @Test
    void survivesACleanClose() {
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            store.put(KEY, keySet(DOCUMENT, FETCHED_AT));
        }
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.of(new KeySetEntry(DOCUMENT, FETCHED_AT)), store.get(KEY));
        }
        assertTrue(log.messages().stream().noneMatch(line -> line.contains("restored from its snapshot")),
                "after a clean close Ehcache's own copy is used: " + log.messages());
    }

    /**
     * A second JVM persists a key set and dies without closing anything (Runtime.halt, as kill -9 would). Ehcache
     * then discards its store; the snapshot brings the key set back.
     */
    @Test
    void survivesACrashOfTheJvmThatWroteIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString(), KEY, DOCUMENT,
                Long.toString(FETCHED_AT.toEpochMilli()))
                .redirectErrorStream(true)
                .start();
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the writer JVM did not end");
        String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(CrashingWriter.HALT_STATUS, writer.exitValue(), "the writer must die by halt: " + output);

        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.of(new KeySetEntry(DOCUMENT, FETCHED_AT)), store.get(KEY));
        }
        assertTrue(log.messages().stream().anyMatch(line -> line.contains("restored from its snapshot")),
                "Ehcache must have lost its copy in the crash, so the snapshot was what brought it back: "
                        + log.messages());
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.of(new KeySetEntry(DOCUMENT, FETCHED_AT)), store.get(KEY),
                    "the restored copy is kept");
        }
    }

    @Test
    void aCorruptSnapshotIsIgnoredAndRemoved() throws IOException {
        Path snapshot;
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            store.put(KEY, keySet(DOCUMENT, FETCHED_AT));
            snapshot = snapshotFile();
        }
        deleteEhcacheCopy();
        Files.writeString(snapshot, "{\"key\": \"tru");
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.empty(), store.get(KEY));
        }
        assertFalse(Files.exists(snapshot), "a corrupt snapshot is removed");
        assertTrue(log.messages().stream().noneMatch(line -> line.contains("restored")), log.messages().toString());
    }

    @Test
    void aSnapshotNamingAnotherIssuerIsNotTaken() throws IOException {
        String other = "https://other.example/\nhttps://other.example/jwks.json";
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            store.put(other, keySet(DOCUMENT, FETCHED_AT));
        }
        deleteEhcacheCopy();
        Path snapshots = directory.resolve("snapshots");
        Path otherFile;
        try (var files = Files.list(snapshots)) {
            otherFile = files.findFirst().orElseThrow();
        }
        // The other issuer's file, put where this issuer's would be.
        Path mine = snapshots.resolve(KeySetSnapshots.fileName(KEY));
        Files.move(otherFile, mine);
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.empty(), store.get(KEY));
        }
    }

    @Test
    void removeDropsBothCopies() {
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            store.put(KEY, keySet(DOCUMENT, FETCHED_AT));
            store.remove(KEY);
            assertEquals(Optional.empty(), store.get(KEY));
        }
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.empty(), store.get(KEY));
        }
    }

    @Test
    void theLaterFetchWinsAndLeftoverTemporaryFilesAreCleared() throws IOException {
        Instant later = FETCHED_AT.plusSeconds(300);
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            store.put(KEY, keySet(DOCUMENT, FETCHED_AT));
            store.put(KEY, keySet("{\"keys\":[]}", later));
        }
        Path leftover = Files.createFile(directory.resolve("snapshots").resolve("abc.json123.tmp"));
        try (PersistedKeySets store = PersistedKeySets.open(directory)) {
            assertEquals(Optional.of(new KeySetEntry("{\"keys\":[]}", later)), store.get(KEY));
        }
        assertFalse(Files.exists(leftover), "a temporary file of an interrupted write is deleted at start");
    }

    @Test
    void memoryOnlyWhenNoDirectoryIsGiven() {
        try (PersistedKeySets store = PersistedKeySets.open(null)) {
            store.put(KEY, keySet(DOCUMENT, FETCHED_AT));
            assertEquals(Optional.of(new KeySetEntry(DOCUMENT, FETCHED_AT)), store.get(KEY));
            assertNull(store.directory());
        }
    }

    private Path snapshotFile() throws IOException {
        try (var files = Files.list(directory.resolve("snapshots"))) {
            return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    /** What an unclean shutdown does to Ehcache's copy, without a second JVM. */
    private void deleteEhcacheCopy() throws IOException {
        Path ehcache = directory.resolve("ehcache");
        try (var paths = Files.walk(ehcache)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(ehcache));
    }

    /** The writer JVM: persists one key set and halts without closing anything. */
    public static final class CrashingWriter {
        static final int HALT_STATUS = 77;

        public static void main(String[] args) {
            PersistedKeySets store = PersistedKeySets.open(Path.of(args[0]));
            store.put(args[1], keySet(args[2], Instant.ofEpochMilli(Long.parseLong(args[3]))));
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    @Test
    void seedWhileAnotherStoreHoldsItsDirectoryThenTheNewStoreStartsWithTheLaterFetchOfEachKey() throws IOException {
        Path first = directory.resolve("app##1");
        Path second = directory.resolve("app##2");
        Path fresh = directory.resolve("app##3");
        String other = "https://other.example/\njwks-uri:https://other.example/jwks.json";
        Instant later = FETCHED_AT.plusSeconds(60);
        try (PersistedKeySets one = PersistedKeySets.open(first); PersistedKeySets two = PersistedKeySets.open(second)) {
            one.put(KEY, keySet(DOCUMENT, FETCHED_AT));
            two.put(KEY, keySet(DOCUMENT.replace("placeholder", "newer"), later));
            two.put(other, keySet(DOCUMENT, FETCHED_AT));

            // Both stores stay open (their Ehcache directories locked) while the new one is seeded from them.
            PersistedKeySets.seed(fresh, List.of(first, second));
            try (PersistedKeySets three = PersistedKeySets.open(fresh)) {
                assertEquals(Optional.of(new KeySetEntry(DOCUMENT.replace("placeholder", "newer"), later)),
                        three.get(KEY));
                assertEquals(Optional.of(new KeySetEntry(DOCUMENT, FETCHED_AT)), three.get(other));
            }
        }
    }
}
