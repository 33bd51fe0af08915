package org.jwtverifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.JwtBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.Rfc8187;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;

/**
 * Identity headers as the decider produces them for real tokens: signed with a real key, parsed and verified by
 * JJWT through the verifier, rendered from the configuration file's {@code identityHeaders}. Whatever the claims
 * hold, the header a backend reads is either the claim itself or an encoded form that can never be another user's
 * value.
 */
class IdentityHeadersDecisionTest {
    private static final String ISSUER = "https://idp.example";
    private static final String ISSUERS = """
            issuers:
              - issuer: https://idp.example
                jwksFile: unused.json
                audiences: [api]
            """;
    /** The mapping as every file before render forms has it: strings. */
    private static final String PLAIN = ISSUERS + """
            identityHeaders:
              sub: X-User-Id
              email: X-User-Email
            """;
    private static final String TYPED = PLAIN + """
            routes:
              - name: typed
                pathPrefix: /typed
                identityHeaders:
                  sub: X-User-Id
                  groups: {header: X-User-Groups, render: json}
                  age: {header: X-User-Age, render: number}
                  email_verified: {header: X-Email-Verified, render: boolean}
                  profile: {header: X-User-Profile, render: json}
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final PersistedKeySets persisted = PersistedKeySets.open(null);

    private Decider decider(String yaml) {
        VerifierConfig config;
        try {
            config = new ConfigParser(clock).parse(yaml, Path.of("/etc/config.yaml"));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        IssuerConfig issuer = config.issuers().get(ISSUER);
        IssuerVerifier verifier = TestIssuers.verifier(issuer,
                new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA))), persisted, clock);
        return new Decider(new JwtTokenVerifier(Map.of(ISSUER, verifier)),
                new PolicyTable(config), config.trustedProxies(), config.maxTokenBytes(), DecisionListener.NONE);
    }

    @AfterEach
    void close() {
        persisted.close();
    }

    // ---- whitespace and characters a proxy or backend would trim or reinterpret -------------------------

    @Test
    void verifyWhenEmailHasLeadingSpaceThenHeaderIsEncodedNeverTheVictimsAddress() {
        String header = emailHeader(" victim@example.test");
        assertEquals("UTF-8''%20victim%40example.test", header);
        assertNotEquals("victim@example.test", header.strip(), "what a proxy that trims would pass on");
        assertEquals(" victim@example.test", Rfc8187.decode(header));
    }

    @Test
    void verifyWhenEmailHasTrailingWhitespaceThenHeaderIsEncoded() {
        assertEquals("UTF-8''victim%40example.test%20",
                emailHeader("victim@example.test "));
        assertEquals("UTF-8''victim%40example.test%09",
                emailHeader("victim@example.test\t"));
    }

    @Test
    void verifyWhenEmailIsOnlyWhitespaceThenHeaderIsEncodedNotEmpty() {
        String header = emailHeader("   ");
        assertEquals("UTF-8''%20%20%20", header);
        assertEquals("   ", Rfc8187.decode(header));
    }

    @Test
    void verifyWhenSubjectHasLeadingSpaceThenHeaderIsEncoded() {
        // JJWT keeps a registered string claim as sent unless it is blank (JjwtClaimValueTypesContractTest).
        assertEquals("UTF-8''%20victim", headers(token().subject(" victim")).get("X-User-Id"));
    }

    @Test
    void verifyWhenEmailLooksRfc8187EncodedInAnyCaseThenItIsEncodedAgainNeverDecodedIntoTheVictim() {
        // A backend that decodes RFC 8187 values (charset names are case-insensitive) would read these as
        // victim@example.test if they were sent as they are.
        for (String forged : List.of("utf-8''victim%40example.test", "Utf-8''victim%40example.test",
                "iso-8859-1'en'victim%40example.test", "UTF-8''victim%40example.test")) {
            String header = emailHeader(forged);
            assertTrue(header.startsWith("UTF-8''"), forged + " -> " + header);
            assertEquals(forged, Rfc8187.decode(header), forged + " -> " + header);
        }
    }

    @Test
    void verifyWhenEmailHoldsListSeparatorOrQuotesThenHeaderIsEncoded() {
        assertEquals("UTF-8''victim%40example.test%2Cmallory%40example.test",
                emailHeader("victim@example.test,mallory@example.test"));
        assertEquals("UTF-8''%22victim%40example.test%22",
                emailHeader("\"victim@example.test\""));
        assertEquals("UTF-8''a%5Cb", emailHeader("a\\b"));
    }

    @Test
    void verifyWhenPlainPrintableAsciiThenSentAsIs() {
        Map<String, String> h = headers(token().subject("O'Brien J.").claim("email",
                "o'brien+tag@example.test"));
        assertEquals("O'Brien J.", h.get("X-User-Id"));
        assertEquals("o'brien+tag@example.test", h.get("X-User-Email"));
    }

    // ---- claim types -----------------------------------------------------------------------------------

    @Test
    void verifyWhenEmailIsAnObjectThenHeaderIsEmptyNeverJson() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("addr", "admin@example.test");
        assertEquals("", emailHeader(object));
    }

    @Test
    void verifyWhenStringClaimsHoldArraysNumbersOrBooleansThenHeadersAreEmpty() {
        assertEquals("", emailHeader(List.of("admin@example.test")));
        assertEquals("", emailHeader(42));
        assertEquals("", emailHeader(true));
    }

    @Test
    void verifyWhenRouteRendersGroupsAsJsonThenTheHeaderParsesBackToTheClaim() throws Exception {
        List<String> groups = List.of("admin", "ops, sre", "J\u00fcrgen", "tab\tand\u007fdel");
        Map<String, String> h = headers("/typed", token().claim("groups", groups));
        String json = h.get("X-User-Groups");
        assertEquals("[\"admin\",\"ops, sre\",\"J\\u00FCrgen\",\"tab\\tand\\u007Fdel\"]", json);
        assertEquals(groups, new ObjectMapper().readValue(json, List.class));
        assertPrintableAsciiWithoutOuterWhitespace(json);
    }

    @Test
    void verifyWhenRouteRendersAnObjectAsJsonThenCompactJson() throws Exception {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("team", "blue");
        profile.put("level", 3);
        String json = headers("/typed", token().claim("profile", profile)).get("X-User-Profile");
        assertEquals("{\"team\":\"blue\",\"level\":3}", json);
        assertEquals(profile, new ObjectMapper().readValue(json, Map.class));
    }

    @Test
    void verifyWhenRouteRendersNumbersAndBooleansThenOnlyThoseTypesAreSent() {
        Map<String, String> typed = headers("/typed", token().claim("age", 42).claim("email_verified", true));
        assertEquals("42", typed.get("X-User-Age"));
        assertEquals("true", typed.get("X-Email-Verified"));
        Map<String, String> wrong = headers("/typed", token().claim("age", "42").claim("email_verified", "true")
                .claim("groups", null));
        assertEquals("", wrong.get("X-User-Age"));
        assertEquals("", wrong.get("X-Email-Verified"));
        assertEquals("", wrong.get("X-User-Groups"));
        assertFalse(wrong.containsKey("X-User-Email"), "the route's headers replace the global ones");
    }

    @Test
    void verifyWhenRouteRendersAStringAsJsonThenItIsAQuotedJsonString() {
        assertEquals("\"admin\"", headers("/typed", token().claim("groups", "admin")).get("X-User-Groups"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** The X-User-Email header the decision renders for a token whose email claim is {@code email}. */
    private String emailHeader(Object email) {
        return headers(token().claim("email", email)).get("X-User-Email");
    }

    private JwtBuilder token() {
        return TestKeys.RSA.sign().issuer(ISSUER).audience().add("api").and().subject("alice")
                .claim("email", "alice@example.com").expiration(Date.from(clock.instant().plusSeconds(300)));
    }

    private Map<String, String> headers(JwtBuilder token) {
        return headers(PLAIN, "/", token);
    }

    private Map<String, String> headers(String path, JwtBuilder token) {
        return headers(TYPED, path, token);
    }

    private Map<String, String> headers(String yaml, String path, JwtBuilder token) {
        Decision d = decider(yaml).decide(new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + token.compact()),
                List.of(), null, "GET", "https", "api.example.com", path));
        return assertInstanceOf(Decision.Admitted.class, d, () -> "not admitted: " + d).headers();
    }

    private static void assertPrintableAsciiWithoutOuterWhitespace(String value) {
        assertTrue(value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), value);
        assertEquals(value.strip(), value);
    }
}
