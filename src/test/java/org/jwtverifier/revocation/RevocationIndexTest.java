package org.jwtverifier.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationIndexTest {
    private static final String ISS = "https://idp.example.com";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final long NOW = T.toEpochMilli();

    private static Revocation jti(String value, Instant expiresAt) {
        return new Revocation(Revocation.Kind.TOKEN_ID, ISS, value, null, expiresAt, T, "admin");
    }

    private static Revocation subject(String value, Instant issuedAtOrBefore) {
        return new Revocation(Revocation.Kind.SUBJECT, ISS, value, issuedAtOrBefore, T.plusSeconds(3600), T, "admin");
    }

    private static Revocation session(String value) {
        return new Revocation(Revocation.Kind.SESSION, ISS, value, null, T.plusSeconds(3600), T, "admin");
    }

    @Test
    void isRevokedWhenJtiMatchesThenRevokedUntilItsEndOnly() {
        RevocationIndex index = RevocationIndex.of(List.of(jti("j1", T.plusSeconds(60))));
        assertTrue(index.isRevoked(ISS, "j1", "alice", null, null, NOW));
        assertTrue(index.isRevoked(ISS, "j1", null, null, null, NOW + 59_999));
        assertFalse(index.isRevoked(ISS, "j1", null, null, null, NOW + 60_000), "ended at expiresAt");
        assertFalse(index.isRevoked(ISS, "j2", "alice", null, null, NOW));
        assertFalse(index.isRevoked("https://other", "j1", null, null, null, NOW), "bound to its issuer");
    }

    @Test
    void isRevokedWhenSubjectThenTokensIssuedAtOrBeforeAndWithoutIatOnly() {
        RevocationIndex index = RevocationIndex.of(List.of(subject("alice", T)));
        assertTrue(index.isRevoked(ISS, null, "alice", null, NOW - 1000, NOW));
        assertTrue(index.isRevoked(ISS, null, "alice", null, NOW, NOW), "iat equal to the instant: revoked");
        assertTrue(index.isRevoked(ISS, null, "alice", null, null, NOW), "no iat: revoked");
        assertFalse(index.isRevoked(ISS, null, "alice", null, NOW + 1000, NOW + 2000), "issued later: passes");
        assertFalse(index.isRevoked(ISS, null, "bob", null, null, NOW));
    }

    @Test
    void isRevokedWhenSessionThenEveryTokenOfIt() {
        RevocationIndex index = RevocationIndex.of(List.of(session("s1")));
        assertTrue(index.isRevoked(ISS, "any", "bob", "s1", NOW + 5000, NOW + 6000));
        assertFalse(index.isRevoked(ISS, "any", "bob", "s2", null, NOW));
        assertFalse(index.isRevoked(ISS, null, null, null, null, NOW));
    }

    @Test
    void replaceThenCountsAndAnswersFollow() {
        RevocationIndex index = RevocationIndex.of(List.of(jti("j1", T.plusSeconds(60)), session("s1"),
                subject("alice", T)));
        assertEquals(1L, index.counts().get(Revocation.Kind.TOKEN_ID));
        assertEquals(1L, index.counts().get(Revocation.Kind.SUBJECT));
        assertEquals(1L, index.counts().get(Revocation.Kind.SESSION));
        index.replace(List.of());
        assertFalse(index.isRevoked(ISS, "j1", "alice", "s1", null, NOW));
        assertEquals(0L, index.counts().get(Revocation.Kind.TOKEN_ID));
    }

    @Test
    void ofWhenAHundredThousandEntriesThenEachIsFound() {
        List<Revocation> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(jti("jti-" + i, T.plusSeconds(3600)));
        }
        RevocationIndex index = RevocationIndex.of(many);
        assertEquals(100_000L, index.counts().get(Revocation.Kind.TOKEN_ID));
        assertTrue(index.isRevoked(ISS, "jti-0", null, null, null, NOW));
        assertTrue(index.isRevoked(ISS, "jti-99999", null, null, null, NOW));
        assertFalse(index.isRevoked(ISS, "jti-100000", null, null, null, NOW));
    }

    @Test
    void encodeThenDecodeGivesTheSameRevocationAndKey() throws Exception {
        for (Revocation r : List.of(jti("j\n\"1", T), subject("al ice", T), session("s1"))) {
            assertEquals(r, Revocation.decode(r.encode()));
            assertEquals(r.key(), Revocation.Key.decode(r.key().encode()));
        }
    }
}
