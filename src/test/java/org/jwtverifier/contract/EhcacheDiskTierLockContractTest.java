package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ehcache locks a persistence directory for the cache manager that holds it: a second one on the same directory
 * cannot start. That is why each version of a parallel deployment persists keys in a directory of its own
 * (VerifierBootstrap); sharing one would leave the second version with keys in memory only.
 */
class EhcacheDiskTierLockContractTest {

    static CacheManager open(Path directory) {
        return CacheManagerBuilder.newCacheManagerBuilder()
                .with(CacheManagerBuilder.persistence(directory.toFile()))
                .build(true);
    }

    @Test
    void aSecondCacheManagerOnALockedDirectoryFailsToStart(@TempDir Path directory) {
        try (CacheManager first = open(directory)) {
            assertThrows(RuntimeException.class, () -> open(directory).close());
        }
        open(directory).close();
    }
}
