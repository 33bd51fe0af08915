package org.jwtverifier.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.config.ClusterConfig;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.CapturedLog;
import org.jwtverifier.testsupport.TerracottaServer;
import org.jwtverifier.testsupport.TestConfig;

/**
 * Two clustered stores (two replicas' worth, each with its own directory) on one real Terracotta server on
 * 127.0.0.1: changes made on one are seen by the other within a second; while the server is stopped each keeps
 * what it knew, a change made meanwhile is kept (also across a reopen of its store) and reaches the other once
 * the server is back, though the restarted server came back empty; a replica that ran with the local store
 * brings what it kept into the cluster. The methods run in order on one server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusteredRevocationStoreIT {
    private static final String ISSUER = "https://idp.example.com";
    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    private static TerracottaServer server;
    private static ClusterConfig config;
    private static ClusteredRevocationStore a;
    private static ClusteredRevocationStore b;
    private static final AtomicInteger changesOnB = new AtomicInteger();
    @RegisterExtension
    final CapturedLog migrationLog = CapturedLog.of(ClusteredRevocationStore.class.getName(), null);
    /** What B's request path sees: updated from the keys B reports changed. */
    private static RevocationIndex indexOnB;

    @BeforeAll
    static void startServerAndStores() {
        for (String name : new String[]{"a", "b", "c", "small"}) {
            TestConfig.freshDirectory("clustered-store-" + name);
        }
        server = TerracottaServer.create("clustered-store");
        server.start();
        config = new ClusterConfig(server.uri("jwt-verifier"), ClusterConfig.DEFAULT_OFFHEAP_RESOURCE, 8,
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(500), ClusterConfig.DEFAULT_POLL_INTERVAL);
        a = open("a");
        b = open("b");
        b.onChange(changesOnB::incrementAndGet);
        indexOnB = RevocationIndex.following(b);
        Await.until(Duration.ofSeconds(30), () -> a.state().reachable() && b.state().reachable(),
                () -> "stores never reached the server: " + a.state() + " / " + b.state());
    }

    @AfterAll
    static void stopAll() {
        for (RevocationStore s : new RevocationStore[]{a, b}) {
            if (s != null) {
                s.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void revocationMadeOnAIsEnforcedOnBWithinASecondAndItsRemovalToo() throws Exception {
        int before = changesOnB.get();
        long start = System.nanoTime();
        a.put(tokenId("jti-1"));
        // Listeners run after the entry is held: wait for both.
        Duration took = Await.until(PROPAGATION, () -> values(b).contains("jti-1") && changesOnB.get() > before,
                () -> "B holds " + values(b) + ", its listeners ran " + (changesOnB.get() - before) + " times");
        System.out.println("propagation A -> B: " + took.toMillis() + " ms");
        // A confirms its write once its own copy on disk holds it, which may be a moment after B has it.
        Await.until(Duration.ofSeconds(5), () -> a.state().pendingWrites() == 0, () -> a.state().toString());

        a.put(subject("alice"));
        b.put(session("sid-9"));
        Await.until(PROPAGATION, () -> values(b).containsAll(Set.of("jti-1", "alice", "sid-9"))
                && values(a).containsAll(Set.of("jti-1", "alice", "sid-9")), () -> "A " + values(a) + ", B " + values(b));

        Await.until(PROPAGATION, () -> indexOnB.isRevoked(ISSUER, null, "alice", null, null, System.currentTimeMillis()),
                () -> "B's index: " + indexOnB.counts());
        assertTrue(indexOnB.isRevoked(ISSUER, "jti-1", null, null, null, System.currentTimeMillis()));

        assertTrue(a.remove(Revocation.Kind.SUBJECT, ISSUER, "alice"));
        Await.until(PROPAGATION, () -> !values(b).contains("alice")
                && !indexOnB.isRevoked(ISSUER, null, "alice", null, null, System.currentTimeMillis()),
                () -> "B holds " + values(b) + ", its index " + indexOnB.counts());
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("three puts and a removal seen everywhere in " + elapsed + " ms");
    }

    @Test
    @Order(2)
    void storeRefusesRevocationsBeyondItsMaximum() throws Exception {
        try (ClusteredRevocationStore small = new ClusteredRevocationStore(config,
                TestConfig.workDir().resolve("clustered-store-small"), 1, Clock.systemUTC())) {
            Await.until(Duration.ofSeconds(30), () -> small.all().size() >= 2, () -> "small store: " + small.state());
            RevocationLimitException e = assertThrows(RevocationLimitException.class, () -> small.put(tokenId("jti-x")));
            assertEquals(1, e.maxEntries());
            small.put(tokenId("jti-1"));
        }
    }

    @Test
    @Order(3)
    void whileTheServerIsStoppedBothKeepWhatTheyKnewAndAChangeMadeMeanwhileReachesTheOtherWhenItIsBack()
            throws Exception {
        server.stop();
        Await.until(Duration.ofSeconds(10), () -> !a.state().reachable() && !b.state().reachable(),
                () -> "still reachable: " + a.state() + " / " + b.state());
        assertEquals(Set.of("jti-1", "sid-9"), values(a));
        assertEquals(Set.of("jti-1", "sid-9"), values(b));

        a.put(tokenId("jti-outage"));
        assertTrue(values(a).contains("jti-outage"));
        assertEquals(1, a.state().pendingWrites(), a.state().toString());
        assertFalse(a.state().reachable());
        assertTrue(a.state().detail().contains("unreachable"), a.state().detail());

        // Replica A restarts during the outage: what it knew and what it made are still there.
        a.close();
        a = open("a");
        assertEquals(Set.of("jti-1", "sid-9", "jti-outage"), values(a));
        assertEquals(1, a.state().pendingWrites(), a.state().toString());

        server.start();
        Duration took = Await.until(Duration.ofSeconds(90), () -> values(b).contains("jti-outage"),
                () -> "B holds " + values(b) + "; A " + a.state() + "; B " + b.state());
        System.out.println("outage revocation reached B " + took.toMillis() + " ms after the server started");
        Await.until(Duration.ofSeconds(30), () -> a.state().reachable() && a.state().pendingWrites() == 0
                && b.state().reachable(), () -> a.state() + " / " + b.state());
        // The restarted server held nothing: the replicas wrote back what they knew.
        assertEquals(Set.of("jti-1", "sid-9", "jti-outage"), values(a));
        assertEquals(Set.of("jti-1", "sid-9", "jti-outage"), values(b));
        try (ClusteredRevocationStore fresh = open("c")) {
            Await.until(Duration.ofSeconds(30), () -> values(fresh).equals(Set.of("jti-1", "sid-9", "jti-outage")),
                    () -> "a new replica holds " + values(fresh));
        }
    }

    @Test
    @Order(4)
    void aReplicaThatRanWithTheLocalStoreWritesWhatItKeptToTheClusterOnce() throws Exception {
        Path local = TestConfig.freshDirectory("clustered-store-was-local");
        Instant now = Instant.now();
        try (LocalRevocationStore before = LocalRevocationStore.open(local, 1_000, Clock.systemUTC())) {
            before.put(tokenId("jti-local"));
            before.put(session("sid-local"));
            before.put(tokenId("jti-removed-in-cluster"));
            before.put(new Revocation(Revocation.Kind.TOKEN_ID, ISSUER, "jti-ending", null, now.plusMillis(300),
                    now, "test"));
        }
        // Meanwhile an operator revoked and removed one of them in the cluster: the removal is the later change.
        a.put(tokenId("jti-removed-in-cluster"));
        assertTrue(a.remove(Revocation.Kind.TOKEN_ID, ISSUER, "jti-removed-in-cluster"));
        Await.until(Duration.ofSeconds(5), () -> a.state().pendingWrites() == 0, () -> a.state().toString());
        Await.pause(400);

        Set<String> expected = Set.of("jti-1", "sid-9", "jti-outage", "jti-local", "sid-local");
        try (ClusteredRevocationStore migrated = openTakingOver(local)) {
            // Three in force (the one removed in the cluster among them; the server's later removal wins).
            assertEquals(1, migrationLog.messages().stream().filter(m -> m.startsWith("Took over 3 revocations"))
                    .count(), migrationLog.messages().toString());
            Await.until(Duration.ofSeconds(30), () -> values(b).equals(expected) && values(migrated).equals(expected),
                    () -> "B holds " + values(b) + ", the replica that ran locally " + values(migrated));
        }
        // Its next start reads the same journal and finds nothing new: nothing written, nothing said.
        try (ClusteredRevocationStore again = openTakingOver(local)) {
            assertEquals(expected, values(again));
        }
        assertEquals(1, migrationLog.messages().stream().filter(m -> m.startsWith("Took over")).count(),
                migrationLog.messages().toString());
        assertEquals(expected, values(a));
    }

    private static ClusteredRevocationStore openTakingOver(Path local) {
        return new ClusteredRevocationStore(config, local.resolve("cluster"), local, 1_000, Clock.systemUTC());
    }

    private static ClusteredRevocationStore open(String name) {
        Path dir = TestConfig.workDir().resolve("clustered-store-" + name);
        return new ClusteredRevocationStore(config, dir, 1_000, Clock.systemUTC());
    }

    private static Set<String> values(RevocationStore store) {
        return store.all().stream().map(Revocation::value).collect(Collectors.toSet());
    }

    private static Revocation tokenId(String jti) {
        Instant now = Instant.now();
        return new Revocation(Revocation.Kind.TOKEN_ID, ISSUER, jti, null, now.plusSeconds(3600), now, "test");
    }

    private static Revocation subject(String sub) {
        Instant now = Instant.now();
        return new Revocation(Revocation.Kind.SUBJECT, ISSUER, sub, now, now.plusSeconds(3600), now, "test");
    }

    private static Revocation session(String sid) {
        Instant now = Instant.now();
        return new Revocation(Revocation.Kind.SESSION, ISSUER, sid, null, now.plusSeconds(3600), now, "test");
    }
}
