package org.jwtverifier.jmx;

import java.util.function.Function;
import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.token.CachingTokenVerifier;

/**
 * Reads the current configuration's cache on every call, so it follows reloads, and holds that configuration
 * meanwhile, so a reload cannot close the cache under the call.
 */
final class TokenCacheControl implements TokenCacheMXBean {
    private final VerifierRuntime runtime;

    TokenCacheControl(VerifierRuntime runtime) {
        this.runtime = runtime;
    }

    /** Applies {@code reader} to the cache (null when switched off) while its configuration is held. */
    private <T> T withCache(Function<CachingTokenVerifier, T> reader) {
        return runtime.read(assembly -> reader.apply(assembly.tokenCache()));
    }

    @Override
    public boolean isEnabled() {
        return withCache(cache -> cache != null);
    }

    @Override
    public long getSize() {
        return withCache(cache -> cache == null ? 0 : cache.size());
    }

    @Override
    public long getHits() {
        return withCache(cache -> cache == null ? 0 : cache.hits());
    }

    @Override
    public long getMisses() {
        return withCache(cache -> cache == null ? 0 : cache.misses());
    }

    @Override
    public double getHitRatio() {
        return withCache(cache -> {
            if (cache == null) {
                return 0.0;
            }
            long hits = cache.hits();
            long total = hits + cache.misses();
            return total == 0 ? 0.0 : (double) hits / total;
        });
    }

    @Override
    public void flush() {
        withCache(cache -> {
            if (cache != null) {
                cache.flush();
            }
            return null;
        });
    }
}
