package org.jwtverifier.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.testsupport.MutableClock;

class RevocationsTest {
    private static final String ISS = "https://idp.example.com";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LocalRevocationStore store = LocalRevocationStore.open(null, 10, clock);
    private final Revocations revocations = new Revocations(store, clock);
    private final VerifierConfig config = config();

    private VerifierConfig config() {
        try {
            return new ConfigParser(clock).parse("""
                    clockSkew: 30s
                    revocation: {maxTokenLifetime: 1h}
                    issuers:
                      - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api]}
                    """, Path.of("/etc/config.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        revocations.close();
    }

    private boolean revoked(String jti, String sub, String sid, Instant iat) {
        return revocations.index().isRevoked(ISS, jti, sub, sid, iat == null ? null : iat.toEpochMilli(),
                clock.millis());
    }

    @Test
    void revokeThenEntriesEndWhenNoTokenTheyMatchCanBeValid() throws Exception {
        Instant now = clock.instant();
        Duration longest = Duration.ofHours(1).plusSeconds(30);
        assertEquals(now.plus(longest), revocations.revokeTokenId(config, ISS, "j", null, "admin").expiresAt());
        assertEquals(now.plusSeconds(60), revocations.revokeTokenId(config, ISS, "k", now.plusSeconds(60), "admin")
                .expiresAt());
        Revocation subject = revocations.revokeSubject(config, ISS, "alice", "admin");
        assertEquals(now, subject.issuedAtOrBefore());
        assertEquals(now.plus(longest), subject.expiresAt());
        assertEquals(now.plus(longest), revocations.revokeSession(config, ISS, "s", "admin").expiresAt());
        assertEquals(List.of("admin"), revocations.list(1).stream().map(Revocation::createdBy).toList());
    }

    @Test
    void revokeSubjectIssuedUpToAnEarlierInstantThenNeverNarrowsTheRevocationInForce() throws Exception {
        Duration longest = Duration.ofHours(1).plusSeconds(30);
        Instant loggedOut = clock.instant().minusSeconds(10);
        Instant signedInAgain = loggedOut.plusSeconds(5);
        Revocation logout = revocations.revokeSubjectIssuedUpTo(config, ISS, "alice", loggedOut,
                Revocation.BACKCHANNEL_LOGOUT);
        assertEquals(loggedOut, logout.issuedAtOrBefore());
        assertEquals(loggedOut.plus(longest), logout.expiresAt(), "the last token it covers has expired by then");
        assertTrue(revoked(null, "alice", null, loggedOut));
        assertFalse(revoked(null, "alice", null, signedInAgain), "issued after the logout");

        clock.advance(Duration.ofSeconds(30));
        assertEquals(logout, revocations.revokeSubjectIssuedUpTo(config, ISS, "alice", loggedOut,
                Revocation.BACKCHANNEL_LOGOUT), "the same logout once more changes nothing");
        assertFalse(revoked(null, "alice", null, signedInAgain));

        Revocation operator = revocations.revokeSubject(config, ISS, "alice", "admin");
        assertTrue(revoked(null, "alice", null, signedInAgain));
        assertEquals(operator, revocations.revokeSubjectIssuedUpTo(config, ISS, "alice", loggedOut,
                Revocation.BACKCHANNEL_LOGOUT), "an older logout leaves the later revocation as it is");
        assertTrue(revoked(null, "alice", null, signedInAgain));
        assertEquals(List.of(operator), store.all().stream().toList());

        clock.advance(longest);
        Revocation afterItsEnd = revocations.revokeSubjectIssuedUpTo(config, ISS, "alice", clock.instant(),
                Revocation.BACKCHANNEL_LOGOUT);
        assertEquals(clock.instant(), afterItsEnd.issuedAtOrBefore(), "one that has ended is replaced");
    }

    @Test
    void revokeWhenRequestIsWrongThenRefusedNamingWhy() {
        Instant now = clock.instant();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> revocations.revokeSubject(config,
                "https://other.example", "alice", "admin")).getMessage().contains("not a configured issuer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> revocations.revokeTokenId(config, ISS, "j",
                now, "admin")).getMessage().contains("in the future"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> revocations.revokeTokenId(config, ISS, "j",
                now.plus(Duration.ofHours(2)), "admin")).getMessage().contains("maxTokenLifetime"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> revocations.revokeSession(config, ISS, " ",
                "admin")).getMessage().contains("sid is required"));
        assertTrue(store.all().isEmpty());
    }

    @Test
    void revokeAndRemoveThenTheIndexAnswersAtOnceAndFollowsChangesMadeElsewhere() throws Exception {
        revocations.revokeTokenId(config, ISS, "j", null, "admin");
        revocations.revokeSession(config, ISS, "s", "admin");
        assertTrue(revoked("j", null, null, null));
        assertTrue(revoked(null, "bob", "s", null));
        assertTrue(revocations.remove(Revocation.Kind.TOKEN_ID, ISS, "j"));
        assertFalse(revocations.remove(Revocation.Kind.TOKEN_ID, ISS, "j"));
        assertFalse(revoked("j", null, null, null));
        assertEquals(1L, revocations.counts().get(Revocation.Kind.SESSION));

        // A change the store reports without going through Revocations (another replica's): the index is rebuilt.
        store.put(new Revocation(Revocation.Kind.SUBJECT, ISS, "alice", clock.instant(),
                clock.instant().plusSeconds(600), clock.instant(), "elsewhere"));
        assertTrue(revoked(null, "alice", null, clock.instant().minusSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        assertFalse(revoked(null, "alice", null, clock.instant()), "issued after the revocation");
        store.remove(Revocation.Kind.SESSION, ISS, "s");
        assertFalse(revoked(null, "bob", "s", null));
    }

    @Test
    void revokeWhenTheStoreIsFullThenRefusedAndTheIndexUnchanged() throws Exception {
        for (int i = 0; i < 10; i++) {
            revocations.revokeTokenId(config, ISS, "j" + i, null, "admin");
        }
        assertThrows(RevocationLimitException.class, () -> revocations.revokeSubject(config, ISS, "alice", "admin"));
        assertFalse(revoked(null, "alice", null, null));
        assertEquals(10L, revocations.counts().get(Revocation.Kind.TOKEN_ID));
    }
}
