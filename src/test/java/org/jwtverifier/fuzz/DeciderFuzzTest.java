package org.jwtverifier.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.jwtverifier.testsupport.Closing;
import org.jwtverifier.verdict.Challenge;
import org.jwtverifier.verdict.Unavailability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole decision on arbitrary forward-auth requests ({@code Authorization} 0..3 times, {@code Cookie}, the
 * auth request's query, {@code X-Forwarded-Method/Proto/Host/Uri}, the peer address), decided by the object
 * graph production builds ({@link VerifierAssembly}) from a real configuration
 * ({@code fuzz/verifier/config.yaml}: routes with cookie and query tokens, trusted proxies, identity headers),
 * with JJWT and key stores reading a local JWKS file and an HMAC secret. Every request gets a {@link Decision}:
 * <ul>
 *   <li>admitted, rejected with a reason of status 400, 401 or 403 (and no identity header), or unavailable for
 *       want of keys;</li>
 *   <li>an admission without a verified token only on a public route; identity headers hold only
 *       printable US-ASCII;</li>
 *   <li>the verified-token cache changes nothing: the same request decided again (a cache hit now) and decided
 *       by the same graph without a cache gets the same decision.</li>
 * </ul>
 */
class DeciderFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(400, 401, 403);
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
        Closing.closeAll(cached, uncached, cachedKeys, uncachedKeys);
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
        assertNotNull(d.route(), "no route");
        if (d instanceof Decision.Admitted admitted) {
            assertNotNull(admitted.headers(), "no header map");
            assertTrue(d.issuer() != null || d.route().equals("assets"),
                    () -> "admitted without a verified token on route " + d.route());
            admitted.headers().forEach((name, value) -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    () -> name + " holds a character outside printable US-ASCII"));
        } else if (d instanceof Decision.Rejected rejected) {
            assertNotNull(rejected.reason().code());
            assertFalse(rejected.reason().code().isEmpty(), "empty reason code");
            assertTrue(STATUSES.contains(rejected.reason().status()), () -> "status " + rejected.reason().status());
            if (rejected.challenge() instanceof Challenge.Error error && error.scope() != null) {
                assertEquals("insufficient_scope", rejected.reason().code());
            }
        } else {
            assertEquals(Unavailability.KEYS_UNAVAILABLE, assertInstanceOf(Decision.Unavailable.class, d).cause());
        }
    }
}
