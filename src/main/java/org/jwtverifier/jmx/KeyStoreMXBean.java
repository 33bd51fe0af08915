package org.jwtverifier.jmx;

import java.util.Date;
import java.util.Map;

/** The keys held for one issuer, their freshness, fetch counters, and rotation controls. */
@Description("Keys of one token issuer: what is held, how fresh, fetch counters; refresh and flush")
public interface KeyStoreMXBean {

    @Description("The issuer (exact iss value)")
    String getIssuer();

    @Description("Where the keys come from (jwksUri, jwksFile, discovery or shared secret file)")
    String getSource();

    @Description("Key ids held, with key type, curve and algorithm")
    Map<String, String> getKeys();

    @Description("When the held key set was fetched (null when none is held)")
    Date getLastRefresh();

    @Description("Age of the held key set in seconds (-1 when none is held)")
    long getKeySetAgeSeconds();

    @Description("Whether the held keys may verify tokens now (held and younger than maxStale)")
    boolean isUsable();

    @Description("Whether the held keys are past their TTL and served only because refreshes fail")
    boolean isStale();

    @Description("When a fetch was last attempted")
    Date getLastAttempt();

    @Description("The last fetch error since the last success (null when the last fetch succeeded)")
    String getLastError();

    @Description("Successful JWKS fetches")
    long getFetchSuccessCount();

    @Description("Failed JWKS fetches (errors, timeouts, garbage)")
    long getFetchFailureCount();

    @Description("Forced refreshes for unknown kids that the rate limit refused")
    long getRateLimitedCount();

    @Description("Lookups answered from a key set past its TTL")
    long getStaleServedCount();

    @Description("JWKs skipped as unusable across fetches")
    long getSkippedKeyCount();

    @Action
    @Description("Fetch the issuer's keys now, ignoring the rate limit (picks up a rotation at once); returns the outcome")
    String refreshNow();

    @Action
    @Description("Drop the held and persisted keys and fetch anew; returns the outcome")
    String flush();
}
