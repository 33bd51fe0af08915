package org.jwtverifier.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.testsupport.MutableClock;

class LocalRevocationStoreTest {
    private static final String ISS = "https://idp.example.com";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @TempDir
    Path directory;

    private Revocation jti(String value, Duration life) {
        return new Revocation(Revocation.Kind.TOKEN_ID, ISS, value, null, clock.instant().plus(life),
                clock.instant(), "admin");
    }

    private static Set<String> values(RevocationStore store) {
        return store.all().stream().map(Revocation::value).collect(Collectors.toSet());
    }

    /** Opens the directory's store afresh, as the next start of the webapp does, and closes it again. */
    private Set<String> valuesAfterReopening() {
        try (LocalRevocationStore store = open()) {
            return values(store);
        }
    }

    private LocalRevocationStore open() {
        return LocalRevocationStore.open(directory, 100, clock);
    }

    @Test
    void openAfterCloseThenRevocationsAndRemovalsHold() throws Exception {
        try (LocalRevocationStore store = open()) {
            store.put(jti("a", Duration.ofHours(1)));
            store.put(jti("b", Duration.ofHours(1)));
            assertTrue(store.remove(Revocation.Kind.TOKEN_ID, ISS, "b"));
            assertFalse(store.remove(Revocation.Kind.TOKEN_ID, ISS, "b"));
        }
        try (LocalRevocationStore store = open()) {
            assertEquals(Set.of("a"), values(store));
            assertEquals("local", store.state().mode());
            assertEquals(directory, store.directory());
            assertTrue(store.state().detail().contains("disk"), store.state().detail());
        }
    }

    @Test
    void openWhenEhcacheLostItsStoreThenTheJournalRestoresIt() throws Exception {
        LocalRevocationStore crashed = open();
        crashed.put(jti("a", Duration.ofHours(1)));
        crashed.put(jti("b", Duration.ofHours(1)));
        crashed.remove(Revocation.Kind.TOKEN_ID, ISS, "b");
        crashed.close();
        // What Ehcache does at the start after an unclean shutdown: its whole directory is gone.
        try (Stream<Path> files = Files.walk(directory.resolve("ehcache"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertEquals(Set.of("a"), valuesAfterReopening());
    }

    @Test
    void openWhenTheJournalEndsInATornLineThenTheLinesBeforeItHold() throws Exception {
        try (LocalRevocationStore store = open()) {
            store.put(jti("a", Duration.ofHours(1)));
        }
        Path journal = directory.resolve("journal").resolve(RevocationJournal.FILE);
        Files.writeString(journal, "+ {\"kind\":\"TOKEN_ID\",\"iss", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Set.of("a"), valuesAfterReopening());
    }

    @Test
    void putWhenFullThenRefusedUnlessReplacingOrSomethingExpired() throws Exception {
        try (LocalRevocationStore store = LocalRevocationStore.open(directory, 2, clock)) {
            store.put(jti("a", Duration.ofMinutes(1)));
            store.put(jti("b", Duration.ofHours(1)));
            RevocationLimitException e = assertThrows(RevocationLimitException.class,
                    () -> store.put(jti("c", Duration.ofHours(1))));
            assertTrue(e.getMessage().contains("revocation.maxEntries"), e.getMessage());
            store.put(jti("b", Duration.ofHours(2)));
            clock.advance(Duration.ofMinutes(1));
            store.put(jti("c", Duration.ofHours(1)));
            assertEquals(Set.of("b", "c"), values(store));
        }
    }

    @Test
    void allWhenAnEntryIsPastExpiresAtThenItIsLeftOutAndNotReopened() throws Exception {
        try (LocalRevocationStore store = open()) {
            store.put(jti("short", Duration.ofMinutes(1)));
            store.put(jti("long", Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(1));
            assertEquals(Set.of("long"), values(store));
        }
        assertEquals(Set.of("long"), valuesAfterReopening());
    }

    @Test
    void putAndRemoveThenListenersRunAndTheFollowingIndexAnswers() throws Exception {
        try (LocalRevocationStore store = LocalRevocationStore.open(null, 100, clock)) {
            AtomicInteger changes = new AtomicInteger();
            store.onChange(changes::incrementAndGet);
            RevocationIndex index = RevocationIndex.following(store);
            store.put(jti("a", Duration.ofHours(1)));
            assertTrue(index.isRevoked(ISS, "a", null, null, null, clock.millis()));
            store.remove(Revocation.Kind.TOKEN_ID, ISS, "a");
            assertFalse(index.isRevoked(ISS, "a", null, null, null, clock.millis()));
            assertEquals(2, changes.get());
            assertTrue(store.state().detail().contains("memory only"), store.state().detail());
        }
    }

    @Test
    void openWhenTheDirectoryIsLockedByAnotherStoreThenMemoryOnlyAndTheFirstKeepsItsJournal() throws Exception {
        try (LocalRevocationStore first = open()) {
            first.put(jti("a", Duration.ofHours(1)));
            try (LocalRevocationStore second = open()) {
                assertTrue(second.state().detail().contains("memory only"), second.state().detail());
                second.put(jti("b", Duration.ofHours(1)));
            }
        }
        assertEquals(Set.of("a"), valuesAfterReopening());
    }

    @Test
    void putWhenManyChangesThenTheJournalIsCompactedAndStillHoldsWhatIsInForce() throws Exception {
        try (LocalRevocationStore store = open()) {
            for (int i = 0; i < 1200; i++) {
                store.put(jti("x", Duration.ofHours(1)));
            }
            store.put(jti("y", Duration.ofHours(1)));
        }
        Path journal = directory.resolve("journal").resolve(RevocationJournal.FILE);
        assertTrue(Files.readAllLines(journal).size() < 1100, "compacted");
        assertEquals(Set.of("x", "y"), valuesAfterReopening());
    }
}
