package org.jwtverifier.containers;

import org.junit.jupiter.api.function.Executable;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.Challenge;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.JMRuntimeException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.assertNoTokenChallenge;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Administration from a JMX console, through the container's real remote connector: the beans and their
 * descriptions, counters that move with requests, refreshNow and flush of a KeyStore, the token cache,
 * Configuration.reload with a good and a broken file (the file the deployed WAR reads), and every operation
 * refused to the read-only role. The administered issuer's keys have a long TTL (1h) and minRefreshInterval (10m),
 * so a key picked up at once can only be explained by refreshNow. Steps of the suite, in this order.
 */
final class JmxAdministrationCases implements AutoCloseable {

    static final String UNKNOWN_KEY = "The token's signing key is unknown";
    static final String[] LONG_TTL = {"keyCacheTtl: 1h", "minRefreshInterval: 10m"};

    private final TestIdp idp = TestIdp.start();
    /** The issuer a reload adds. */
    private final TestIdp second = TestIdp.start();
    /** The issuers of the running configuration, in its order. */
    private final List<String> issuers;
    private final String goodYaml;

    /**
     * Adds the administered issuer to the suite's {@code config}, which holds {@code others} besides; the
     * configuration is complete then (a reload restores it).
     */
    JmxAdministrationCases(TestConfig config, List<String> others) {
        config.issuer(idp, LONG_TTL);
        this.issuers = new java.util.ArrayList<>(others);
        this.issuers.add(idp.issuer());
        this.goodYaml = config.yaml();
    }

    @Override
    public void close() {
        idp.close();
        second.close();
    }

    /** Connects as the read-write role, once the administered issuer holds keys. */
    private static RemoteJmx connect(ServletContainer container, TestIdp idp) {
        RemoteJmx jmx = container.jmx();
        ObjectName bean = RemoteJmx.keyStore(idp.issuer());
        Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                () -> "no usable keys");
        return jmx;
    }

    /** The beans of the running configuration's issuers and of {@code more}, and the deployment's own. */
    private Set<ObjectName> beans(List<String> more) {
        Set<ObjectName> beans = new java.util.HashSet<>(Set.of(RemoteJmx.verifier(), RemoteJmx.tokenCache(),
                RemoteJmx.configuration(), RemoteJmx.revocations()));
        issuers.forEach(i -> beans.add(RemoteJmx.keyStore(i)));
        more.forEach(i -> beans.add(RemoteJmx.keyStore(i)));
        return beans;
    }

    private List<String> grownIssuers() {
        List<String> grown = new java.util.ArrayList<>(issuers);
        grown.add(second.issuer());
        return grown;
    }

    private static void writeConfig(ServletContainer container, String yaml) {
        try {
            Files.writeString(container.configFile(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mint(TestIdp from, Alg alg, String sub) {
        return from.mint(alg, AUDIENCE, sub, null);
    }

    private static void assertUnknownKey(HttpResponse<String> r, String token) {
        Challenge c = assertInvalidToken(r, token);
        assertEquals(UNKNOWN_KEY, c.param("error_description"), () -> describe(r));
    }

    // ---- what a console shows ---------------------------------------------------------------------------

    void everyBeanAttributeAndOperationIsDescribedAndStateChangesAreActions(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            Map<ObjectName, Set<String>> actions = Map.of(
                    RemoteJmx.verifier(), Set.of("resetCounters"),
                    RemoteJmx.keyStore(idp.issuer()), Set.of("refreshNow", "flush"),
                    RemoteJmx.tokenCache(), Set.of("flush"),
                    RemoteJmx.configuration(), Set.of("reload"),
                    RemoteJmx.revocations(), Set.of("revokeTokenId", "revokeSubject", "revokeSession", "removeTokenId",
                            "removeSubject", "removeSession"));
            // Read-only operations: impact INFO.
            Map<ObjectName, Set<String>> reads = Map.of(RemoteJmx.revocations(), Set.of("list"));
            assertEquals(beans(List.of()), jmx.verifierBeans(), "the deployment's beans");
            actions.forEach((bean, expectedActions) -> {
                MBeanInfo info = jmx.info(bean);
                assertDescribed(bean + "", info.getDescription());
                assertTrue(info.getAttributes().length > 0, bean + " has attributes");
                for (MBeanAttributeInfo a : info.getAttributes()) {
                    assertDescribed(bean + " " + a.getName(), a.getDescription());
                    assertFalse(a.isWritable(), bean + " " + a.getName() + " is read-only");
                }
                Map<String, Integer> impacts = new TreeMap<>();
                for (MBeanOperationInfo op : info.getOperations()) {
                    assertDescribed(bean + " " + op.getName() + "()", op.getDescription());
                    impacts.put(op.getName(), op.getImpact());
                }
                Set<String> expectedReads = reads.getOrDefault(bean, Set.of());
                Set<String> all = new java.util.TreeSet<>(expectedActions);
                all.addAll(expectedReads);
                assertEquals(all, impacts.keySet(), bean + " operations");
                impacts.forEach((op, impact) -> assertEquals(expectedReads.contains(op) ? MBeanOperationInfo.INFO
                                : MBeanOperationInfo.ACTION, impact,
                        bean + " " + op + "(): impact ACTION when it changes state, else INFO"));
            });
            MBeanAttributeInfo keys = Arrays.stream(jmx.info(RemoteJmx.keyStore(idp.issuer())).getAttributes())
                    .filter(a -> a.getName().equals("Keys")).findFirst().orElseThrow();
            assertTrue(keys.getDescription().contains("Key ids"), keys.getDescription());
        }
    }

    private static void assertDescribed(String what, String description) {
        assertNotNull(description, what + " has no description");
        assertFalse(description.isBlank(), what + " has a blank description");
        // What StandardMBean says when nobody described anything.
        assertFalse(description.endsWith("exposed for management") || description.startsWith("Information on the management interface"),
                what + " has the default description: " + description);
    }

    // ---- counters -----------------------------------------------------------------------------------------

    void verifierCountersMoveWithRequests(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName verifier = RemoteJmx.verifier();
            long admitted = jmx.getLong(verifier, "AdmittedCount");
            long rejected = jmx.getLong(verifier, "RejectedCount");
            Map<String, Long> reasons = jmx.getCounts(verifier, "DecisionsByReason");
            Map<String, Long> issuers = jmx.getCounts(verifier, "DecisionsByIssuer");

            assertAdmitted(client.verify(mint(idp, Alg.RS256, "alice")), "alice", null);
            assertAdmitted(client.verify(mint(idp, Alg.ES256, "bob")), "bob", null);
            String expired = idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("carol")
                    .issuedAt(Date.from(Instant.now().minusSeconds(3600)))
                    .expiration(Date.from(Instant.now().minusSeconds(1800))));
            assertInvalidToken(client.verify(expired), expired);
            assertNoTokenChallenge(client.verifyWithoutToken());

            assertEquals(admitted + 2, jmx.getLong(verifier, "AdmittedCount"));
            assertEquals(rejected + 2, jmx.getLong(verifier, "RejectedCount"));
            Map<String, Long> nowReasons = jmx.getCounts(verifier, "DecisionsByReason");
            assertEquals(reasons.getOrDefault("verified", 0L) + 2, nowReasons.get("verified"), () -> "" + nowReasons);
            assertEquals(reasons.getOrDefault("expired", 0L) + 1, nowReasons.get("expired"), () -> "" + nowReasons);
            assertEquals(reasons.getOrDefault("missing_token", 0L) + 1, nowReasons.get("missing_token"), () -> "" + nowReasons);
            Map<String, Long> nowIssuers = jmx.getCounts(verifier, "DecisionsByIssuer");
            assertEquals(issuers.getOrDefault(idp.issuer(), 0L) + 3, nowIssuers.get(idp.issuer()), () -> "" + nowIssuers);
            assertEquals(issuers.getOrDefault("none", 0L) + 1, nowIssuers.get("none"), () -> "" + nowIssuers);
            assertTrue(jmx.getLong(verifier, "LatencyP99Micros") >= jmx.getLong(verifier, "LatencyP50Micros"));
            assertTrue(jmx.getLong(verifier, "LatencyP50Micros") > 0);
        }
    }

    // ---- KeyStore: refreshNow and flush ---------------------------------------------------------------------

    void refreshNowPicksUpARotatedKeyThatTheRateLimitKeptOut(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName bean = RemoteJmx.keyStore(idp.issuer());
            SigningKey rotated = idp.rotate(Alg.RS256, false);
            String token = mint(idp, Alg.RS256, "dave");
            int fetches = idp.fetchCount();
            long rateLimited = jmx.getLong(bean, "RateLimitedCount");

            // minRefreshInterval 10m: the unknown kid's forced refresh is refused.
            assertUnknownKey(client.verify(token), token);
            assertEquals(rateLimited + 1, jmx.getLong(bean, "RateLimitedCount"), "refused by the rate limit");
            assertEquals(fetches, idp.fetchCount(), "nothing fetched");
            assertFalse(jmx.getMap(bean, "Keys").containsKey(rotated.kid()));

            String outcome = (String) jmx.invoke(bean, "refreshNow");
            assertTrue(outcome.startsWith("refreshed: ") && outcome.contains(rotated.kid()), outcome);
            assertEquals(fetches + 1, idp.fetchCount(), "refreshNow fetched once");
            assertTrue(jmx.getMap(bean, "Keys").containsKey(rotated.kid()), "Keys lists the new kid");
            assertAdmitted(client.verify(token), "dave", null);
        }
    }

    void flushDropsARevokedKeyAtOnceAndLeavesTheIssuerWithoutKeysWhileTheIdpIsDown(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName bean = RemoteJmx.keyStore(idp.issuer());
            SigningKey revoked = idp.key(Alg.ES256);
            String cached = mint(idp, Alg.ES256, "erin");
            assertAdmitted(client.verify(cached), "erin", null);
            long hits = jmx.getLong(RemoteJmx.tokenCache(), "Hits");
            assertAdmitted(client.verify(cached), "erin", null);
            assertEquals(hits + 1, jmx.getLong(RemoteJmx.tokenCache(), "Hits"), "a cached verification");

            // Emergency revocation at the IdP, then flush on the verifier.
            idp.rotate(Alg.ES256, true);
            String outcome = (String) jmx.invoke(bean, "flush");
            assertTrue(outcome.startsWith("refreshed: ") && !outcome.contains(revoked.kid()), outcome);
            assertUnknownKey(client.verify(cached), cached);
            assertAdmitted(client.verify(mint(idp, Alg.ES256, "erin")), "erin", null);

            // Flush while the IdP is down: the issuer has no keys at all, its tokens get 503, until it is back.
            idp.failWith500();
            try {
                String failed = (String) jmx.invoke(bean, "flush");
                assertTrue(failed.startsWith("refresh failed: ") && failed.contains("HTTP 500"), failed);
                assertFalse((Boolean) jmx.get(bean, "Usable"));
                HttpResponse<String> r = client.verify(mint(idp, Alg.RS256, "frank"));
                assertEquals(503, r.statusCode(), () -> describe(r));
                assertEquals("5", r.headers().firstValue("Retry-After").orElse(null), () -> describe(r));
            } finally {
                idp.restore();
            }
            String back = (String) jmx.invoke(bean, "refreshNow");
            assertTrue(back.startsWith("refreshed: "), back);
            assertAdmitted(client.verify(mint(idp, Alg.RS256, "frank")), "frank", null);
        }
    }

    // ---- TokenCache ---------------------------------------------------------------------------------------

    void tokenCacheCountsHitsAndFlushEmptiesIt(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName cache = RemoteJmx.tokenCache();
            assertTrue((Boolean) jmx.get(cache, "Enabled"));
            String token = mint(idp, Alg.PS256, "grace");
            long hits = jmx.getLong(cache, "Hits");
            long misses = jmx.getLong(cache, "Misses");
            assertAdmitted(client.verify(token), "grace", null);
            assertEquals(misses + 1, jmx.getLong(cache, "Misses"));
            assertAdmitted(client.verify(token), "grace", null);
            assertAdmitted(client.verify(token), "grace", null);
            assertEquals(hits + 2, jmx.getLong(cache, "Hits"));
            assertTrue(jmx.getLong(cache, "Size") >= 1);
            double ratio = (Double) jmx.get(cache, "HitRatio");
            assertTrue(ratio > 0 && ratio < 1, "HitRatio " + ratio);

            jmx.invoke(cache, "flush");
            assertEquals(0, jmx.getLong(cache, "Size"), "flush empties the cache");
            assertAdmitted(client.verify(token), "grace", null);
            assertEquals(hits + 2, jmx.getLong(cache, "Hits"), "after flush the token is verified again");
            assertEquals(misses + 2, jmx.getLong(cache, "Misses"));
            assertEquals(1, jmx.getLong(cache, "Size"));
        }
    }

    // ---- Configuration.reload -------------------------------------------------------------------------------

    void reloadWithAGoodFileAddsAnIssuerAndItsKeyStoreBean(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName configuration = RemoteJmx.configuration();
            ObjectName secondBean = RemoteJmx.keyStore(second.issuer());
            assertFalse(jmx.isRegistered(secondBean));
            String token = mint(second, Alg.RS256, "heidi");
            HttpResponse<String> before = client.verify(token);
            assertEquals(401, before.statusCode(), () -> describe(before));

            String grown = goodYaml + TestConfig.create().issuer(second, LONG_TTL).yaml().replaceFirst("(?s)^.*issuers:\n", "");
            writeConfig(container, grown);
            String outcome = (String) jmx.invoke(configuration, "reload");
            assertTrue(outcome.startsWith("reloaded: " + (issuers.size() + 1) + " issuer(s) from ")
                    && outcome.contains(container.configFile().toString()), outcome);
            assertTrue(jmx.isRegistered(secondBean), "the new issuer's KeyStore bean is registered");
            assertEquals(grownIssuers(), Arrays.asList((String[]) jmx.get(configuration, "Issuers")));
            Await.until(Duration.ofSeconds(10), () -> (Boolean) jmx.get(secondBean, "Usable"), () -> "second issuer keys");
            assertAdmitted(client.verify(token), "heidi", null);
            assertAdmitted(client.verify(mint(idp, Alg.RS256, "ivan")), "ivan", null);
            assertEquals(beans(List.of(second.issuer())), jmx.verifierBeans());
        }
    }

    void reloadWithABrokenFileNamesTheProblemsAndKeepsTheRunningConfiguration(ServletContainer container) {
        VerifierClient client = container.client();
        try (RemoteJmx jmx = connect(container, idp)) {
            ObjectName configuration = RemoteJmx.configuration();
            Date loadedAt = (Date) jmx.get(configuration, "LoadedAt");
            List<String> running = Arrays.asList((String[]) jmx.get(configuration, "Issuers"));
            assertEquals(running, grownIssuers(), "the configuration the good reload left");
            Set<ObjectName> beans = jmx.verifierBeans();
            String token = mint(idp, Alg.EdDSA, "judy");
            assertAdmitted(client.verify(token), "judy", null);

            writeConfig(container, """
                    realm: jwt-verifier
                    issuers:
                      - issuer: "%s"
                        jwksUri: "%s"
                        keyCacheTTL: 5m
                    """.formatted(idp.issuer(), idp.jwksUri()));
            try {
                String outcome = (String) jmx.invoke(configuration, "reload");
                assertTrue(outcome.startsWith("rejected, running configuration kept: "), outcome);
                assertTrue(outcome.contains("issuers[0].audiences"), "names the missing audiences: " + outcome);
                assertTrue(outcome.contains("keyCacheTTL"), "names the misspelt key: " + outcome);

                assertEquals(loadedAt, jmx.get(configuration, "LoadedAt"), "the running configuration is kept");
                assertEquals(running, Arrays.asList((String[]) jmx.get(configuration, "Issuers")));
                assertEquals(beans, jmx.verifierBeans());
                assertAdmitted(client.verify(token), "judy", null);
                assertAdmitted(client.verify(mint(idp, Alg.ES256, "judy")), "judy", null);
                assertAdmitted(client.verify(mint(second, Alg.ES256, "ken")), "ken", null);
            } finally {
                writeConfig(container, goodYaml);
            }
            String restored = (String) jmx.invoke(configuration, "reload");
            assertTrue(restored.startsWith("reloaded: " + issuers.size() + " issuer(s)"), restored);
            assertFalse(jmx.isRegistered(RemoteJmx.keyStore(second.issuer())), "the removed issuer's bean is gone");
            assertEquals(Set.of("KeyStore", "Verifier", "TokenCache", "Configuration", "Revocations"),
                    jmx.verifierBeans().stream().map(n -> n.getKeyProperty("type")).collect(Collectors.toSet()));
        }
    }

    // ---- the read-only role ------------------------------------------------------------------------------

    /**
     * The read-only user (the connector's other role: {@code monitor} of {@code jmx/jmxremote.access}, WildFly's
     * Monitor role) reads every bean and is refused every operation an operator uses: nothing it tried changed.
     */
    void theReadOnlyRoleReadsAndIsRefusedEveryOperation(ServletContainer container) {
        VerifierClient client = container.client();
        assertAdmitted(client.verify(mint(idp, Alg.RS256, "olivia")), "olivia", null);
        ObjectName keyStore = RemoteJmx.keyStore(idp.issuer());
        try (RemoteJmx monitor = container.jmxReadOnly()) {
            long admitted = monitor.getLong(RemoteJmx.verifier(), "AdmittedCount");
            assertTrue(admitted > 0, "the monitor reads the counters");
            long size = monitor.getLong(RemoteJmx.tokenCache(), "Size");
            assertTrue(size > 0, "the monitor reads the cache");
            Map<String, ?> keys = monitor.getMap(keyStore, "Keys");
            Date loadedAt = (Date) monitor.get(RemoteJmx.configuration(), "LoadedAt");
            int fetches = idp.fetchCount();
            Map<ObjectName, List<String>> operations = Map.of(
                    RemoteJmx.verifier(), List.of("resetCounters"),
                    keyStore, List.of("refreshNow", "flush"),
                    RemoteJmx.tokenCache(), List.of("flush"),
                    RemoteJmx.configuration(), List.of("reload"));
            operations.forEach((bean, names) -> names.forEach(op -> assertRefused(() -> monitor.invoke(bean, op),
                    "the read-only role invoked " + bean + " " + op + "()")));
            assertRefused(() -> monitor.invoke(RemoteJmx.revocations(), "revokeSubject", idp.issuer(), "olivia"),
                    "the read-only role revoked");

            assertEquals(admitted, monitor.getLong(RemoteJmx.verifier(), "AdmittedCount"), "counters not reset");
            assertEquals(size, monitor.getLong(RemoteJmx.tokenCache(), "Size"), "cache not flushed");
            assertEquals(keys, monitor.getMap(keyStore, "Keys"), "keys not flushed");
            assertEquals(fetches, idp.fetchCount(), "nothing fetched");
            assertEquals(loadedAt, monitor.get(RemoteJmx.configuration(), "LoadedAt"), "not reloaded");
        }
        assertAdmitted(client.verify(mint(idp, Alg.RS256, "olivia")), "olivia", null);
    }

    /**
     * A refusal by the connector: the JDK's access file throws {@link SecurityException}; WildFly's role-based
     * access control throws the JMX runtime exception {@code WFLYJMX0037: Unauthorized access}.
     */
    private static void assertRefused(Executable operation, String what) {
        RuntimeException refused = assertThrows(RuntimeException.class, operation, what);
        boolean byAccessFile = refused instanceof SecurityException;
        boolean byWildFly = refused instanceof JMRuntimeException && String.valueOf(refused.getMessage())
                .contains("Unauthorized access");
        assertTrue(byAccessFile || byWildFly, () -> what + ": not a refusal but " + refused);
    }
}
