package org.jwtverifier.jmx;

/** The verified-token cache: how much it holds and saves; flush. */
@Description("Verified-token cache: size, hits, misses; flush")
public interface TokenCacheMXBean {

    @Description("Whether the cache is switched on (tokenCache.enabled)")
    boolean isEnabled();

    @Description("Verified tokens currently remembered")
    long getSize();

    @Description("Lookups answered from the cache since the configuration was loaded")
    long getHits();

    @Description("Lookups that had to verify the token since the configuration was loaded")
    long getMisses();

    @Description("Hits divided by lookups (0 when there were none)")
    double getHitRatio();

    @Action
    @Description("Forget every cached verification: the next request of each token is verified again")
    void flush();
}
