package org.jwtverifier.jmx;

import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.token.CachingTokenVerifier;

/** Reads the current configuration's cache on every call, so it follows reloads. */
final class TokenCacheControl implements TokenCacheMXBean {
    private final VerifierRuntime runtime;

    TokenCacheControl(VerifierRuntime runtime) {
        this.runtime = runtime;
    }

    private CachingTokenVerifier cache() {
        return runtime.current().tokenCache();
    }

    @Override
    public boolean isEnabled() {
        return cache() != null;
    }

    @Override
    public long getSize() {
        CachingTokenVerifier cache = cache();
        return cache == null ? 0 : cache.size();
    }

    @Override
    public long getHits() {
        CachingTokenVerifier cache = cache();
        return cache == null ? 0 : cache.hits();
    }

    @Override
    public long getMisses() {
        CachingTokenVerifier cache = cache();
        return cache == null ? 0 : cache.misses();
    }

    @Override
    public double getHitRatio() {
        CachingTokenVerifier cache = cache();
        if (cache == null) {
            return 0;
        }
        long hits = cache.hits();
        long total = hits + cache.misses();
        return total == 0 ? 0 : (double) hits / total;
    }

    @Override
    public void flush() {
        CachingTokenVerifier cache = cache();
        if (cache != null) {
            cache.flush();
        }
    }
}
