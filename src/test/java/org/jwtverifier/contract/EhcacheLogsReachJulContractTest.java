package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jwtverifier.testsupport.CapturedLog;

/**
 * Ehcache logs through SLF4J, and the WAR carries {@code slf4j-jdk14} so that those lines reach
 * {@code java.util.logging}, which in Tomcat is JULI and its log files. Without a provider SLF4J 2 falls back to its
 * no-op logger and Ehcache's warnings (a corrupt disk tier, a lock it cannot take) vanish. This pins that an
 * ordinary Ehcache message arrives as a JUL record under Ehcache's own logger name, at the level Ehcache chose and
 * with its placeholders filled in.
 */
class EhcacheLogsReachJulContractTest {
    @RegisterExtension
    final CapturedLog log = CapturedLog.of("org.ehcache", Level.INFO);

    @Test
    void cacheCreatedMessageOfEhcacheManagerArrivesAsJulInfoRecordWithItsArgumentsFilledIn() {
        CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("contract-cache", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class,
                        String.class, ResourcePoolsBuilder.newResourcePoolsBuilder().heap(10, EntryUnit.ENTRIES)))
                .build(true);
        manager.close();

        List<LogRecord> created = log.records().stream()
                .filter(r -> r.getMessage() != null && r.getMessage().startsWith("Cache 'contract-cache' created")).toList();
        assertEquals(1, created.size(), () -> "one record naming the cache expected, got " + messages());
        LogRecord record = created.get(0);
        assertEquals("org.ehcache.core.EhcacheManager", record.getLoggerName());
        assertEquals(Level.INFO, record.getLevel());
        assertTrue(record.getMessage().matches("Cache 'contract-cache' created in \\w+\\."), record.getMessage());
    }

    private List<String> messages() {
        return log.records().stream().map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage()).toList();
    }
}
