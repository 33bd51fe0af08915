package org.jwtverifier.jmx;

/** Revocations: stop a token, a subject's tokens or a session's tokens now, rather than at their exp. */
@Description("Revocations by jti, subject or session, per issuer: revoke, remove, list, counts, store state")
public interface RevocationsMXBean {

    @Description("Token id (jti) revocations in force")
    long getTokenIdCount();

    @Description("Subject (sub) revocations in force")
    long getSubjectCount();

    @Description("Session (sid) revocations in force")
    long getSessionCount();

    @Description("The most revocations held (revocation.maxEntries); a revocation beyond it is refused")
    long getMaxEntries();

    @Description("Where revocations are kept: local (this replica's disk) or clustered")
    String getStoreMode();

    @Description("Whether the store's storage answers (revocations last known hold either way)")
    boolean isStoreReachable();

    @Description("Changes made here not yet written to shared storage")
    long getStorePendingWrites();

    @Description("The store's state in one line")
    String getStoreDetail();

    @Action
    @Description("Revoke one token of an issuer by its jti, until the given instant or for the longest token"
            + " lifetime; returns the outcome")
    String revokeTokenId(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "jti", value = "The token's jti") String jti,
                         @Description(name = "until", value = "ISO-8601 instant (2026-12-01T18:00:00Z) when the"
                                 + " revocation ends, or empty for revocation.maxTokenLifetime") String until);

    @Action
    @Description("Revoke every token of a subject issued up to now (and any without iat); tokens issued later"
            + " pass; returns the outcome")
    String revokeSubject(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "sub", value = "The subject (sub)") String sub);

    @Action
    @Description("Revoke every token of an OpenID Connect session (sid); returns the outcome")
    String revokeSession(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "sid", value = "The session id (sid)") String sid);

    @Action
    @Description("Remove a jti revocation: the token is admitted again; returns the outcome")
    String removeTokenId(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "jti", value = "The token's jti") String jti);

    @Action
    @Description("Remove a subject revocation; returns the outcome")
    String removeSubject(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "sub", value = "The subject (sub)") String sub);

    @Action
    @Description("Remove a session revocation; returns the outcome")
    String removeSession(@Description(name = "issuer", value = "The issuer (exact iss value)") String issuer,
                         @Description(name = "sid", value = "The session id (sid)") String sid);

    @Description("The newest revocations in force, one line each: kind, issuer, value, issuedAtOrBefore,"
            + " expiresAt, createdAt, createdBy (tab-separated)")
    String[] list(@Description(name = "max", value = "How many at most") int max);
}
