package org.jwtverifier.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.runtime.VerifierAssembly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole decision on arbitrary forward-auth requests ({@code Authorization} 0..3 times, {@code Cookie}, the
 * auth request's query, {@code X-Forwarded-Method/Proto/Host/Uri}, the peer address), decided by the object
 * graph production builds ({@link VerifierAssembly}) from a real configuration
 * ({@code fuzz/verifier/config.yaml}: routes with cookie and query tokens, trusted proxies, identity headers),
 * with JJWT and key stores reading a local JWKS file and an HMAC secret. Every request gets a {@link Decision}:
 * <ul>
 *   <li>status 200, 400, 401, 403 or 503; a rejection has a reason whose status it is, and no identity header;</li>
 *   <li>an admission without a verified token only on a public route; identity headers hold only
 *       printable US-ASCII;</li>
 *   <li>the verified-token cache changes nothing: the same request decided again (a cache hit now) and decided
 *       by the same graph without a cache gets the same decision.</li>
 * </ul>
 */
class DeciderFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 403, 503);
    private static PersistedKeySets cachedKeys;
    private static PersistedKeySets uncachedKeys;
    private static VerifierAssembly cached;
    private static VerifierAssembly uncached;

    @BeforeAll
    static void assemble() throws Exception {
        Path file = FuzzKeys.configFile();
        String yaml = Files.readString(file);
        ConfigParser parser = new ConfigParser(Clock.systemUTC());
        cachedKeys = PersistedKeySets.open(null);
        uncachedKeys = PersistedKeySets.open(null);
        cached = assembly(parser.parse(yaml, file), cachedKeys, "fuzz-cached");
        uncached = assembly(parser.parse(yaml + "tokenCache: {enabled: false}\n", file), uncachedKeys,
                "fuzz-uncached");
    }

    private static VerifierAssembly assembly(VerifierConfig config, PersistedKeySets keys, String name)
            throws Exception {
        VerifierAssembly assembly = new VerifierAssembly(config, keys, name, Clock.systemUTC(),
                KeySourceListener.NONE, DecisionListener.NONE);
        // Keys loaded before the first input: no decision may depend on whether the first load has finished.
        for (IssuerConfig issuer : config.issuerList()) {
            String outcome = assembly.keyStores().forIssuer(issuer.issuer()).refreshNow(Duration.ofSeconds(30));
            assertTrue(outcome.startsWith("refreshed"), () -> issuer.issuer() + ": " + outcome);
        }
        return assembly;
    }

    @AfterAll
    static void close() {
        if (cached != null) {
            cached.close();
        }
        if (uncached != null) {
            uncached.close();
        }
        if (cachedKeys != null) {
            cachedKeys.close();
        }
        if (uncachedKeys != null) {
            uncachedKeys.close();
        }
    }

    /** The input is a request in the line format of {@link ForwardAuthInput}. */
    @FuzzTest(maxDuration = "60s")
    void decide(byte[] input) {
        ForwardAuthRequest request = ForwardAuthInput.parse(input);
        Decision first = cached.decider().decide(request);
        assertDocumented(first);
        assertEquals(first, cached.decider().decide(request), "decided again, with the token cache warm");
        assertEquals(first, uncached.decider().decide(request), "decided without a token cache");
    }

    private static void assertDocumented(Decision d) {
        assertNotNull(d, "no decision");
        assertTrue(STATUSES.contains(d.status()), () -> "status " + d.status());
        assertNotNull(d.route(), "no route");
        assertNotNull(d.headers(), "no header map");
        if (d.admitted()) {
            assertEquals(200, d.status());
            assertTrue(d.issuer() != null || d.route().equals("assets"),
                    () -> "admitted without a verified token on route " + d.route());
            d.headers().forEach((name, value) -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    () -> name + " holds a character outside printable US-ASCII"));
        } else {
            assertNotNull(d.reason().code());
            assertFalse(d.reason().code().isEmpty(), "empty reason code");
            assertEquals(d.reason().status(), d.status(), "status differs from the reason's");
            assertTrue(d.headers().isEmpty(), "identity headers on a rejection");
            if (d.scope() != null) {
                assertEquals("insufficient_scope", d.reason().code());
            }
        }
    }
}
