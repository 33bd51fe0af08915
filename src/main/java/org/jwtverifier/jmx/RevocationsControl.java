package org.jwtverifier.jmx;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationLimitException;
import org.jwtverifier.revocation.RevocationStoreState;
import org.jwtverifier.revocation.Revocations;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * The revocations of a deployment. Requests are checked against the configuration running at the call (the
 * issuer must be configured; the longest token lifetime and the issuer's skew set when an entry ends); an
 * operation that cannot be done says {@code refused: why} and changes nothing. Who made a revocation is the JMX
 * principal of the call ({@link JmxPrincipals}); the call itself is written to the audit log by
 * {@link DescribedMXBean}.
 */
final class RevocationsControl implements RevocationsMXBean {
    /** The most lines {@link #list} returns, whatever is asked: a console is no place for more. */
    static final int MAX_LIST = 10_000;

    private final VerifierRuntime runtime;
    private final Revocations revocations;
    private final VerifierMetrics metrics;

    RevocationsControl(VerifierRuntime runtime) {
        this.runtime = runtime;
        this.revocations = runtime.revocations();
        this.metrics = runtime.metrics();
    }

    @Override
    public long getTokenIdCount() {
        return revocations.counts().get(Revocation.Kind.TOKEN_ID);
    }

    @Override
    public long getSubjectCount() {
        return revocations.counts().get(Revocation.Kind.SUBJECT);
    }

    @Override
    public long getSessionCount() {
        return revocations.counts().get(Revocation.Kind.SESSION);
    }

    @Override
    public long getMaxEntries() {
        return config().revocation().maxEntries();
    }

    @Override
    public String getStoreMode() {
        return revocations.state().mode();
    }

    @Override
    public boolean isStoreReachable() {
        return revocations.state().reachable();
    }

    @Override
    public long getStorePendingWrites() {
        return revocations.state().pendingWrites();
    }

    @Override
    public String getStoreDetail() {
        RevocationStoreState state = revocations.state();
        return state.mode() + (state.reachable() ? ", reachable" : ", unreachable") + ", " + state.entries()
                + " entries, " + state.pendingWrites() + " pending: " + state.detail();
    }

    @FunctionalInterface
    private interface Revoke {
        Revocation revoke(VerifierConfig config, String by) throws RevocationLimitException;
    }

    private String revoke(String kindLabel, Revoke revoke) {
        try {
            Revocation r = revoke.revoke(config(), JmxPrincipals.current());
            metrics.revocationMade(kindLabel, "jmx");
            return "revoked: " + describe(r) + " until " + r.expiresAt();
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        } catch (RevocationLimitException e) {
            metrics.revocationRefused();
            return "refused: " + e.getMessage();
        }
    }

    @Override
    public String revokeTokenId(String issuer, String jti, String until) {
        Instant end;
        try {
            end = until == null || until.isBlank() ? null : Instant.parse(until.trim());
        } catch (DateTimeParseException e) {
            return "refused: until must be an ISO-8601 instant such as 2026-12-01T18:00:00Z, or empty";
        }
        return revoke("token_id", (config, by) -> revocations.revokeTokenId(config, issuer, jti, end, by));
    }

    @Override
    public String revokeSubject(String issuer, String sub) {
        return revoke("subject", (config, by) -> revocations.revokeSubject(config, issuer, sub, by));
    }

    @Override
    public String revokeSession(String issuer, String sid) {
        return revoke("session", (config, by) -> revocations.revokeSession(config, issuer, sid, by));
    }

    private String remove(Revocation.Kind kind, String issuer, String value) {
        try {
            return revocations.remove(kind, issuer, value)
                    ? "removed: " + kind.claim() + " " + value + " of " + issuer
                    : "refused: no " + kind.claim() + " revocation of " + value + " for " + issuer;
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Override
    public String removeTokenId(String issuer, String jti) {
        return remove(Revocation.Kind.TOKEN_ID, issuer, jti);
    }

    @Override
    public String removeSubject(String issuer, String sub) {
        return remove(Revocation.Kind.SUBJECT, issuer, sub);
    }

    @Override
    public String removeSession(String issuer, String sid) {
        return remove(Revocation.Kind.SESSION, issuer, sid);
    }

    @Override
    public String[] list(int max) {
        List<Revocation> newest = revocations.list(Math.min(max, MAX_LIST));
        return newest.stream().map(r -> String.join("\t", r.kind().claim(), r.issuer(), r.value(),
                r.issuedAtOrBefore() == null ? "-" : r.issuedAtOrBefore().toString(), r.expiresAt().toString(),
                r.createdAt().toString(), r.createdBy())).toArray(String[]::new);
    }

    private static String describe(Revocation r) {
        return switch (r.kind()) {
            case TOKEN_ID -> "jti " + r.value() + " of " + r.issuer();
            case SUBJECT -> "tokens of sub " + r.value() + " of " + r.issuer() + " issued at or before "
                    + r.issuedAtOrBefore();
            case SESSION -> "tokens of sid " + r.value() + " of " + r.issuer();
        };
    }

    private VerifierConfig config() {
        VerifierAssembly current = runtime.current();
        if (current == null) {
            throw new IllegalArgumentException("the verifier is stopping");
        }
        return current.config();
    }
}
