package org.jwtverifier.jwks;

import org.jwtverifier.testsupport.TestKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.config.KeyCacheSettings;
import org.jwtverifier.testsupport.TestIssuers;

/**
 * A persisted key set is filed under its issuer and the exact source it came from, never under the source's
 * description: real fetches from a real JWKS server on loopback, real {@link PersistedKeySets} on a temporary
 * directory, restarts simulated by closing and reopening it.
 */
class KeySetPersistenceIdentityTest {
    static final KeyCacheSettings SETTINGS = new KeyCacheSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofHours(6));
    static final FetchSettings FETCH = TestIssuers.fetch(Duration.ofSeconds(2), 65536);
    static final String ISSUER = "https://idp.example";

    @TempDir
    Path directory;

    HttpServer idp;
    volatile boolean idpDown;

    @BeforeEach
    void start() throws IOException {
        // Rendered before the server answers: the first use of TestKeys generates key pairs, which must not eat
        // into a fetch's read timeout.
        String tenantA = TestKeys.jwks(List.of(TestKeys.RSA));
        String tenantB = TestKeys.jwks(List.of(TestKeys.EC));
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        // One JWKS endpoint serving a different tenant's keys by query, as multi-tenant IdPs do.
        idp.createContext("/jwks", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            if (idpDown) {
                HttpJwksFetcherTest.respond(exchange, 503, null, "");
            } else if ("tenant=a".equals(query)) {
                HttpJwksFetcherTest.respond(exchange, 200, null, tenantA);
            } else if ("tenant=b".equals(query)) {
                HttpJwksFetcherTest.respond(exchange, 200, null, tenantB);
            } else {
                HttpJwksFetcherTest.respond(exchange, 404, null, "");
            }
        });
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    URI jwks(String query) {
        return URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks?" + query);
    }

    static KeySetSource source(JwksFetcher fetcher) {
        return new RetryingKeySetSource(new FetchingKeySetSource(ISSUER, fetcher, new KeySetParser(),
                Clock.systemUTC(), KeySourceListener.NONE), Duration.ZERO);
    }

    static IssuerKeyStore store(KeySetSource source, PersistedKeySets persisted) {
        return new IssuerKeyStore(ISSUER, source, SETTINGS, persisted, new KeySetParser(), Runnable::run,
                Clock.systemUTC(), KeySourceListener.NONE);
    }

    Set<String> snapshotFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("snapshots"))) {
            return Set.copyOf(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void restartWhenJwksUrisDifferOnlyInTheirQueryThenEachKeepsItsOwnSnapshot() throws Exception {
        KeySetSource tenantA = source(new HttpJwksFetcher(jwks("tenant=a"), FETCH, null));
        KeySetSource tenantB = source(new HttpJwksFetcher(jwks("tenant=b"), FETCH, null));
        assertEquals(tenantA.toString(), tenantB.toString(), "the descriptions drop the query, so only the identity"
                + " can tell these sources apart");
        try (PersistedKeySets persisted = PersistedKeySets.open(directory)) {
            assertInstanceOf(KeyLookup.Found.class, store(tenantA, persisted).lookup("rsa-1", "RS256"));
            assertInstanceOf(KeyLookup.Found.class, store(tenantB, persisted).lookup("ec-1", "ES256"));
        }
        assertEquals(Set.of(KeySetSnapshots.fileName(ISSUER + "\njwks-uri:" + jwks("tenant=a")),
                KeySetSnapshots.fileName(ISSUER + "\njwks-uri:" + jwks("tenant=b"))), snapshotFiles());

        idpDown = true;
        try (PersistedKeySets persisted = PersistedKeySets.open(directory)) {
            assertEquals(Set.of("rsa-1"), store(tenantA, persisted).status().keys().keySet());
            assertEquals(Set.of("ec-1"), store(tenantB, persisted).status().keys().keySet());
        }
    }

    @Test
    void restartWhenTheConfiguredUriGainsAQueryThenThePersistedSetOfTheOldUriIsNotUsed() throws Exception {
        try (PersistedKeySets persisted = PersistedKeySets.open(directory)) {
            store(source(new HttpJwksFetcher(jwks("tenant=a"), FETCH, null)), persisted).lookup("rsa-1", "RS256");
        }
        idpDown = true;
        try (PersistedKeySets persisted = PersistedKeySets.open(directory)) {
            IssuerKeyStore restarted = store(source(new HttpJwksFetcher(jwks("tenant=b"), FETCH, null)), persisted);
            assertEquals(Map.of(), restarted.status().keys());
        }
    }

    /**
     * The identities are pinned: a changed form would orphan every persisted key set of an installation at the
     * next upgrade, so it must be a deliberate change of this test, never a side effect of rewording describe().
     */
    @Test
    void persistenceIdentityIsTheExactSourceAndIndependentOfTheDescription() {
        HttpJwksFetcher http = new HttpJwksFetcher(URI.create("https://idp.example/jwks?tenant=a&v=2"), FETCH, null);
        assertEquals("jwks-uri:https://idp.example/jwks?tenant=a&v=2", http.persistenceIdentity());
        assertEquals("jwksUri https://idp.example/jwks", http.describe());

        DiscoveryJwksFetcher discovery = new DiscoveryJwksFetcher(ISSUER,
                URI.create("https://idp.example/.well-known/openid-configuration"), FETCH, null);
        assertEquals("discovery:https://idp.example/.well-known/openid-configuration",
                discovery.persistenceIdentity());

        Path relative = Path.of("keys", "..", "keys", "jwks.json");
        assertEquals("jwks-file:" + Path.of("keys", "jwks.json").toAbsolutePath(),
                new FileJwksFetcher(relative, 1024).persistenceIdentity());

        KeySetSource source = source(http);
        assertEquals("https://idp.example\njwks-uri:https://idp.example/jwks?tenant=a&v=2",
                IssuerKeyStore.persistenceKey(ISSUER, source));
        assertNotEquals(source.toString(), source.persistenceIdentity());
    }
}
