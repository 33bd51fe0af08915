package org.jwtverifier.jwks;

import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.config.KeyCacheSettings;

class IssuerKeyStoreTest {
    private static final KeyCacheSettings SETTINGS = new KeyCacheSettings(Duration.ofMinutes(5),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(6));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ScriptedSource source = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA)));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private IssuerKeyStore store(PersistedKeySets persisted) {
        closeables.add(persisted);
        return new IssuerKeyStore("test", source, SETTINGS, persisted, new KeySetParser(), Runnable::run, clock,
                KeySourceListener.NONE);
    }

    private IssuerKeyStore store() {
        return store(PersistedKeySets.open(null));
    }

    /** A store that has fetched once and holds rsa-1: the starting point of the refresh tests. */
    private IssuerKeyStore storeHoldingRsa1() throws Exception {
        IssuerKeyStore store = store();
        store.lookup("rsa-1", "RS256");
        return store;
    }

    /** A previous run: fetches rsa-1 into the key sets persisted in {@code dir}, then closes them as a stop would. */
    private void persistRsa1ThenStop(Path dir) throws Exception {
        PersistedKeySets first = PersistedKeySets.open(dir);
        new IssuerKeyStore("test", source, SETTINGS, first, new KeySetParser(), Runnable::run, clock,
                KeySourceListener.NONE).lookup("rsa-1", "RS256");
        first.close();
    }

    @Test
    void lookupWhenNothingHeldThenFetchesOnceAndFindsTheKey() throws Exception {
        IssuerKeyStore store = store();
        assertInstanceOf(KeyLookup.Found.class, store.lookup("rsa-1", "RS256"));
        assertInstanceOf(KeyLookup.Found.class, store.lookup("rsa-1", "RS256"));
        assertEquals(1, source.loads());
    }

    @Test
    void lookupWhenAlgorithmDoesNotFitTheKeyThenUnusable() throws Exception {
        IssuerKeyStore store = store();
        assertInstanceOf(KeyLookup.Unusable.class, store.lookup("rsa-1", "ES256"));
        assertInstanceOf(KeyLookup.Unusable.class, store.lookup("rsa-1", "RS384"));
    }

    @Test
    void refreshIfDueWhenTtlNearlyOverThenRefreshesAheadInTheBackground() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        clock.advance(Duration.ofMinutes(4));
        store.refreshIfDue();
        assertEquals(1, source.loads());
        clock.advance(Duration.ofSeconds(31));
        store.refreshIfDue();
        assertEquals(2, source.loads());
    }

    @Test
    void lookupWhenKidUnknownThenOneForcedRefreshPicksUpARotatedKey() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        clock.advance(Duration.ofSeconds(31));
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.RSA_OTHER)));
        assertInstanceOf(KeyLookup.Found.class, store.lookup("rsa-2", "RS256"));
        assertEquals(2, source.loads());
    }

    @Test
    void lookupWhenUnknownKidsFloodThenRefreshesAtMostOncePerMinInterval() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 500; i++) {
            assertInstanceOf(KeyLookup.UnknownKey.class, store.lookup("random-" + i, "RS256"));
        }
        assertEquals(2, source.loads());
        clock.advance(Duration.ofSeconds(31));
        store.lookup("another", "RS256");
        assertEquals(3, source.loads());
    }

    @Test
    void lookupWhenKeyRemovedFromJwksThenUnknownAfterTheNextRefresh() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA_OTHER)));
        clock.advance(Duration.ofMinutes(5));
        store.refreshIfDue();
        assertInstanceOf(KeyLookup.UnknownKey.class, store.lookup("rsa-1", "RS256"));
    }

    @Test
    void lookupWhenIdpFailsThenServesLastGoodKeysUntilMaxStale() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        source.fail();
        clock.advance(Duration.ofHours(5));
        store.refreshIfDue();
        assertInstanceOf(KeyLookup.Found.class, store.lookup("rsa-1", "RS256"));
        KeyStoreStatus status = store.status();
        assertTrue(status.usable());
        assertTrue(status.stale());
        assertEquals("IdP answered 500", status.lastError());
        clock.advance(Duration.ofHours(1));
        assertThrows(KeysUnavailableException.class, () -> store.lookup("rsa-1", "RS256"));
        assertFalse(store.status().usable());
    }

    @Test
    void refreshIfDueWhenFailingThenBacksOffInsteadOfHammering() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        source.fail();
        clock.advance(Duration.ofMinutes(5));
        int before = source.loads();
        for (int second = 0; second < 120; second++) {
            store.refreshIfDue();
            clock.advance(Duration.ofSeconds(1));
        }
        // 1, 2, 4, 8, 16 s, then every 30 s: 8 attempts in two minutes rather than 120.
        int attempts = source.loads() - before;
        assertTrue(attempts >= 6 && attempts <= 9, "attempts: " + attempts);
    }

    @Test
    void lookupWhenNothingHeldAndIdpDownThenKeysUnavailable() {
        source.fail();
        IssuerKeyStore store = store();
        assertThrows(KeysUnavailableException.class, () -> store.lookup("rsa-1", "RS256"));
    }

    @Test
    void restartWhenIdpDownThenPersistedKeysStillVerify(@TempDir Path dir) throws Exception {
        persistRsa1ThenStop(dir);

        source.fail();
        IssuerKeyStore restarted = store(PersistedKeySets.open(dir));
        assertInstanceOf(KeyLookup.Found.class, restarted.lookup("rsa-1", "RS256"));
    }

    @Test
    void restartThenPersistedKeysAreUsedAtOnceButRefreshedAtTheFirstTick(@TempDir Path dir) throws Exception {
        persistRsa1ThenStop(dir);
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA_OTHER)));
        IssuerKeyStore restarted = store(PersistedKeySets.open(dir));
        assertInstanceOf(KeyLookup.Found.class, restarted.lookup("rsa-1", "RS256"));
        restarted.refreshIfDue();
        assertEquals(2, source.loads());
        assertInstanceOf(KeyLookup.UnknownKey.class, restarted.lookup("rsa-1", "RS256"));
        restarted.refreshIfDue();
        assertEquals(2, source.loads());
    }

    @Test
    void restartWithAnotherSourceForTheSameIssuerThenPersistedKeysOfTheOldSourceAreNotUsed(@TempDir Path dir)
            throws Exception {
        persistRsa1ThenStop(dir);
        ScriptedSource other = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.EC))) {
            @Override
            public String persistenceIdentity() {
                return "another source";
            }
        };
        PersistedKeySets second = PersistedKeySets.open(dir);
        closeables.add(second);
        IssuerKeyStore restarted = new IssuerKeyStore("test", other, SETTINGS, second, new KeySetParser(),
                Runnable::run, clock, KeySourceListener.NONE);
        assertEquals(java.util.Map.of(), restarted.status().keys());
    }

    @Test
    void openWhenPersistedFilesAreCorruptThenStartsEmptyInsteadOfFailing(@TempDir Path dir) throws Exception {
        persistRsa1ThenStop(dir);
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.write(f, new byte[]{1, 2, 3, 4, 5, 6, 7});
            }
        }
        IssuerKeyStore restarted = store(PersistedKeySets.open(dir));
        assertInstanceOf(KeyLookup.Found.class, restarted.lookup("rsa-1", "RS256"));
        assertEquals(2, source.loads());
    }

    @Test
    void flushThenDropsKeysAndFetchesAnew() throws Exception {
        IssuerKeyStore store = storeHoldingRsa1();
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA_OTHER)));
        String outcome = store.flush(Duration.ofSeconds(1));
        assertTrue(outcome.startsWith("refreshed: 1 key(s) [rsa-2]"), outcome);
        assertInstanceOf(KeyLookup.UnknownKey.class, store.lookup("rsa-1", "RS256"));
    }

    /** What a token-cache hit asks the store: whether the token's kid and alg still select this very key. */
    private static boolean selects(IssuerKeyStore store, VerificationKey key) {
        String alg = switch (key.keyType()) {
            case "RSA" -> "RS256";
            case "EC" -> "ES256";
            case "OKP" -> "EdDSA";
            default -> "HS256";
        };
        return store.selects(key.kid(), alg, key);
    }

    private static VerificationKey found(IssuerKeyStore store, String kid, String alg) throws Exception {
        return assertInstanceOf(KeyLookup.Found.class, store.lookup(kid, alg)).key();
    }

    /** A regular refresh, due once the TTL is nearly over. */
    /** Whether a new store still holds the rsa-1 it found first once a refresh has fetched {@code republished}. */
    private boolean holdsFirstRsa1AfterRefreshTo(String republished) throws Exception {
        IssuerKeyStore store = store();
        VerificationKey original = found(store, "rsa-1", "RS256");
        source.serve(republished);
        refresh(store);
        return selects(store, original);
    }

    private void refresh(IssuerKeyStore store) {
        int before = source.loads();
        clock.advance(Duration.ofMinutes(5));
        store.refreshIfDue();
        assertEquals(before + 1, source.loads(), "refreshed");
    }

    @Test
    void selectsWhenTheSameJwksIsRepublishedThenTheKeysParsedAnewAreStillTheSameKeys() throws Exception {
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED)));
        IssuerKeyStore store = store();
        VerificationKey rsa = found(store, "rsa-1", "RS256");
        VerificationKey ec = found(store, "ec-1", "ES256");
        VerificationKey ed = found(store, "ed-1", "EdDSA");
        assertTrue(selects(store, rsa) && selects(store, ec) && selects(store, ed));

        refresh(store);
        assertNotSame(rsa, found(store, "rsa-1", "RS256"), "a refresh parses new objects");
        assertTrue(selects(store, rsa), "RSA");
        assertTrue(selects(store, ec), "EC");
        assertTrue(selects(store, ed), "EdDSA");
    }

    @Test
    void selectsWhenOtherMaterialIsPublishedUnderTheSameKidThenFalseAfterTheRefresh() throws Exception {
        IssuerKeyStore store = store();
        VerificationKey original = found(store, "rsa-1", "RS256");
        source.serve(TestKeys.jwks(List.of(TestKeys.RSA_REUSED_KID)));
        assertTrue(selects(store, original), "not fetched yet");

        refresh(store);
        VerificationKey replacement = found(store, "rsa-1", "RS256");
        assertEquals(original.kid(), replacement.kid());
        assertFalse(selects(store, original));
        assertTrue(selects(store, replacement));
    }

    @Test
    void selectsWhenTheSameMaterialIsRepublishedForAnotherUseThenFalse() throws Exception {
        assertFalse(holdsFirstRsa1AfterRefreshTo(
                "{\"keys\":[" + TestKeys.RSA.publicJwkJson().replace("\"RS256\"", "\"RS512\"") + "]}"),
                "the JWK no longer permits what it verified");
    }

    @Test
    void selectsWhenKidRemovedThenFalse() throws Exception {
        assertFalse(holdsFirstRsa1AfterRefreshTo(TestKeys.jwks(List.of(TestKeys.RSA_OTHER))));
    }

    @Test
    void selectsWhenHeldKeysAreOlderThanMaxStaleThenFalse() throws Exception {
        IssuerKeyStore store = store();
        VerificationKey original = found(store, "rsa-1", "RS256");
        source.fail();
        clock.advance(SETTINGS.maxStale().minusSeconds(1));
        store.refreshIfDue();
        assertTrue(selects(store, original), "stale but within maxStale");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(selects(store, original));
    }

    @Test
    void selectsWhenKeyHasNoKidThenMatchedByMaterial() throws Exception {
        String withoutKid = "{\"keys\":[" + TestKeys.RSA.publicJwkJson().replaceAll("\"kid\":\"[^\"]*\",?", "") + "]}";
        assertFalse(withoutKid.contains("kid"), withoutKid);
        source.serve(withoutKid);
        IssuerKeyStore store = store();
        VerificationKey original = found(store, null, "RS256");
        refresh(store);
        assertTrue(selects(store, original), "same material, parsed anew");

        source.serve("{\"keys\":[" + TestKeys.RSA_REUSED_KID.publicJwkJson().replaceAll("\"kid\":\"[^\"]*\",?", "")
                + "]}");
        refresh(store);
        assertFalse(selects(store, original), "the issuer's sole key is now other material");
    }

    @Test
    void selectsWhenSharedSecretIsReadAgainThenSameKeyUntilTheSecretChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "a".repeat(32), StandardCharsets.UTF_8);
        PersistedKeySets persisted = PersistedKeySets.open(null);
        closeables.add(persisted);
        IssuerKeyStore store = new IssuerKeyStore("test", new SharedSecretKeySetSource(file, clock), SETTINGS,
                persisted, new KeySetParser(), Runnable::run, clock, KeySourceListener.NONE);
        VerificationKey original = found(store, null, "HS256");

        assertTrue(store.refreshNow(Duration.ofSeconds(1)).startsWith("refreshed"));
        assertNotSame(original, found(store, null, "HS256"));
        assertTrue(selects(store, original), "the same secret, read again");

        Files.writeString(file, "b".repeat(32), StandardCharsets.UTF_8);
        assertTrue(store.refreshNow(Duration.ofSeconds(1)).startsWith("refreshed"));
        assertFalse(selects(store, original));
    }

    @Test
    void lookupWhenManyConcurrentUnknownKidsThenTheyShareOneFetch() throws Exception {
        ExecutorService fetchers = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            PersistedKeySets persisted = PersistedKeySets.open(null);
            closeables.add(persisted);
            IssuerKeyStore store = new IssuerKeyStore("test", source, SETTINGS, persisted, new KeySetParser(),
                    fetchers, clock, KeySourceListener.NONE);
            store.lookup("rsa-1", "RS256");
            clock.advance(Duration.ofMinutes(1));
            CountDownLatch release = source.hold();
            List<Future<KeyLookup>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String kid = "unknown-" + i;
                results.add(callers.submit(() -> store.lookup(kid, "RS256")));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<KeyLookup> r : results) {
                assertInstanceOf(KeyLookup.UnknownKey.class, r.get(5, TimeUnit.SECONDS));
            }
            assertEquals(2, source.loads());
        } finally {
            callers.shutdownNow();
            fetchers.shutdownNow();
        }
    }
}
