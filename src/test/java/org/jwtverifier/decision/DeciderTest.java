package org.jwtverifier.decision;

import org.jwtverifier.testsupport.SigningKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jsonwebtoken.JwtBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.token.CachingTokenVerifier;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.verdict.Challenge;
import org.jwtverifier.verdict.Reason;

class DeciderTest {
    private static final String CONFIG = """
            maxTokenBytes: 2048
            issuers:
              - issuer: https://idp.example
                jwksFile: unused.json
                audiences: [api]
              - issuer: https://partner.example
                jwksFile: unused.json
                audiences: [api]
            routes:
              - name: public
                pathPrefix: /assets/
                access: public
              - name: closed
                pathPrefix: /internal
                access: deny
              - name: admin
                host: api.example.com
                pathPrefix: /admin
                methods: [GET, POST]
                issuers: [https://idp.example]
                scopes: [admin, write]
                claims: {groups: [ops, sre]}
                identityHeaders: {sub: X-Admin-Id}
              - name: origin
                pathPrefix: /origin
                audiences: [other]
                audienceFromHost: true
              - name: browser
                pathPrefix: /ui
                tokenCookie: session
                tokenQueryParameter: access_token
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final List<Decision> seen = new ArrayList<>();
    private final Decider decider;
    private final Decider cachingDecider;
    private final CachingTokenVerifier cache;

    DeciderTest() throws Exception {
        VerifierConfig config = new ConfigParser(clock).parse(CONFIG, Path.of("/etc/config.yaml"));
        Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            SigningKey key = issuer.issuer().equals("https://idp.example") ? TestKeys.RSA : TestKeys.EC;
            verifiers.put(issuer.issuer(), TestIssuers.verifier(issuer,
                    new ScriptedSource(clock, TestKeys.jwks(List.of(key))), persisted, clock));
        }
        decider = new Decider(new JwtTokenVerifier(verifiers), new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), (d, nanos) -> seen.add(d));
        cache = new CachingTokenVerifier(new JwtTokenVerifier(verifiers), Set.of("sub", "email", "aud", "exp",
                "scope", "scp", "groups"), (issuer, kid, alg, key) -> true, 100, Duration.ofMinutes(5), clock);
        cachingDecider = new Decider(cache, new PolicyTable(config), config.trustedProxies(), config.maxTokenBytes(),
                DecisionListener.NONE);
    }

    @AfterEach
    void close() {
        cache.close();
        persisted.close();
    }

    @Test
    void decideWhenTheTokenIsACacheHitThenTheRouteIsStillEnforced() {
        String token = bearer(token(TestKeys.RSA, "https://idp.example").claim("scope", "read"));
        admitted(cachingDecider.decide(forwarded("127.0.0.1", "GET", "x", "/orders", List.of(token))));
        Decision admin = cachingDecider.decide(forwarded("127.0.0.1", "GET", "api.example.com", "/admin",
                List.of(token)));
        assertEquals(1, cache.hits());
        assertEquals(Reason.INSUFFICIENT_SCOPE, rejected(admin).reason());
        Decision denied = cachingDecider.decide(forwarded("127.0.0.1", "GET", "x", "/internal", List.of(token)));
        assertEquals(Reason.ROUTE_DENIED, rejected(denied).reason());
    }

    private JwtBuilder token(SigningKey key, String issuer) {
        return key.sign().issuer(issuer).audience().add("api").and().subject("alice")
                .claim("email", "alice@example.com").expiration(Date.from(clock.instant().plusSeconds(300)));
    }

    private String bearer(JwtBuilder token) {
        return "Bearer " + token.compact();
    }

    private static ForwardAuthRequest forwarded(String from, String method, String host, String uri,
                                                List<String> authorization) {
        return new ForwardAuthRequest(from, authorization, List.of(), null, method, "https", host, uri);
    }

    /** Why the /admin route of api.example.com rejects a GET bearing {@code token}. */
    private Reason adminRouteReasonFor(JwtBuilder token) {
        return rejected(decider.decide(forwarded("127.0.0.1", "GET", "api.example.com", "/admin",
                List.of(bearer(token))))).reason();
    }

    private Reason reasonFor(List<String> authorization) {
        return rejected(decider.decide(ForwardAuthRequest.withAuthorization(authorization))).reason();
    }

    private static Decision.Rejected rejected(Decision decision) {
        return assertInstanceOf(Decision.Rejected.class, decision, decision::toString);
    }

    private static Decision.Admitted admitted(Decision decision) {
        return assertInstanceOf(Decision.Admitted.class, decision, decision::toString);
    }

    @Test
    void decideWhenValidTokenThenAdmittedWithIdentityHeaders() {
        Decision d = decider.decide(ForwardAuthRequest.withAuthorization(List.of(bearer(
                token(TestKeys.RSA, "https://idp.example")))));
        assertEquals(Map.of("X-User-Id", "alice", "X-User-Email", "alice@example.com"), admitted(d).headers());
        assertEquals("default", d.route());
    }

    @Test
    void decideWhenNoUsableBearerCredentialsThenMissingToken() {
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of()));
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of("")));
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of("Basic YWxhZGRpbjpvcGVuc2VzYW1l")));
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of("Bearer")));
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of("Bearer    ")));
        assertEquals(Reason.MISSING_TOKEN, reasonFor(List.of("Bearerx.y.z")));
    }

    @Test
    void decideWhenTwoAuthorizationHeadersThenInvalidRequest() {
        // Two valid tokens: refused for being two (RFC 6750 §2), before either is looked at.
        String valid = bearer(token(TestKeys.RSA, "https://idp.example"));
        Decision.Rejected d = rejected(decider.decide(ForwardAuthRequest.withAuthorization(List.of(valid, valid))));
        assertEquals(Reason.DUPLICATE_AUTHORIZATION, d.reason());
        assertEquals(400, d.reason().status());
        assertEquals(new Challenge.Error("invalid_request", "More than one Authorization header", null),
                d.challenge(), "RFC 6750 §3.1 invalid_request, without a scope");
        assertNull(d.issuer(), "no token was verified");
    }

    @Test
    void decideWhenTokenOverTheBoundThenTooLargeBeforeParsing() {
        assertEquals(Reason.TOKEN_TOO_LARGE, reasonFor(List.of("Bearer " + "a".repeat(2049))));
        assertEquals(Reason.TOKEN_TOO_LARGE, reasonFor(List.of("x".repeat(100_000))));
        assertEquals(Reason.MALFORMED_TOKEN, reasonFor(List.of("Bearer " + "a".repeat(2048))));
    }

    @Test
    void decideWhenAudienceWrongThenInvalidToken() {
        assertEquals(Reason.WRONG_AUDIENCE, reasonFor(List.of(bearer(
                token(TestKeys.RSA, "https://idp.example").audience().single("other")))));
        assertEquals(Reason.WRONG_AUDIENCE, reasonFor(List.of(bearer(
                token(TestKeys.RSA, "https://idp.example").claim("aud", null)))));
    }

    @Test
    void decideWhenAudienceArrayHoldsAnAcceptedOneThenAdmitted() {
        admitted(decider.decide(ForwardAuthRequest.withAuthorization(List.of(bearer(
                token(TestKeys.RSA, "https://idp.example").audience().add("x").add("api").and())))));
    }

    @Test
    void decideWhenPublicPathThenAdmittedWithoutTokenAndEmptyHeaders() {
        Decision d = decider.decide(forwarded("127.0.0.1", "GET", "www.example.com", "/assets/app.js", List.of()));
        assertEquals(Map.of("X-User-Id", "", "X-User-Email", ""), admitted(d).headers());
    }

    @Test
    void decideWhenDotSegmentsLeaveThePublicPathThenTheDefaultPolicyApplies() {
        Decision d = decider.decide(forwarded("127.0.0.1", "GET", "www.example.com", "/assets/../secret",
                List.of()));
        assertEquals(Reason.MISSING_TOKEN, rejected(d).reason());
        Decision encoded = decider.decide(forwarded("127.0.0.1", "GET", "x", "/assets/%2e%2e/secret", List.of()));
        assertEquals(Reason.MISSING_TOKEN, rejected(encoded).reason());
    }

    @Test
    void decideWhenDeniedRouteThen403EvenWithAValidToken() {
        Decision d = decider.decide(forwarded("127.0.0.1", "GET", "x", "/internal/metrics",
                List.of(bearer(token(TestKeys.RSA, "https://idp.example")))));
        assertEquals(Reason.ROUTE_DENIED, rejected(d).reason());
        assertEquals(403, rejected(d).reason().status());
        assertEquals(Challenge.NONE, rejected(d).challenge(), "no credentials would help: no challenge");
    }

    @Test
    void decideWhenForwardedHeadersFromUntrustedPeerThenDefaultPolicy() {
        Decision d = decider.decide(forwarded("203.0.113.9", "GET", "www.example.com", "/assets/app.js", List.of()));
        assertEquals(Reason.MISSING_TOKEN, rejected(d).reason());
        assertEquals("default", d.route());
    }

    @Test
    void decideWhenScopeMissingThenInsufficientScopeWithTheRequiredScopes() {
        String token = bearer(token(TestKeys.RSA, "https://idp.example").claim("scope", "admin read")
                .claim("groups", List.of("ops")));
        Decision d = decider.decide(forwarded("127.0.0.1", "POST", "api.example.com", "/admin/users",
                List.of(token)));
        assertEquals(Reason.INSUFFICIENT_SCOPE, rejected(d).reason());
        assertEquals(403, rejected(d).reason().status());
        assertEquals(new Challenge.Error("insufficient_scope", "The token lacks a required scope", "admin write"),
                rejected(d).challenge());
    }

    @Test
    void decideWhenScopesAndClaimsSatisfiedThenRouteHeaders() {
        String scp = bearer(token(TestKeys.RSA, "https://idp.example").claim("scp", List.of("write", "admin"))
                .claim("groups", List.of("dev", "sre")));
        Decision d = decider.decide(forwarded("127.0.0.1", "GET", "API.example.com:443", "/admin", List.of(scp)));
        assertEquals(Map.of("X-Admin-Id", "alice"), admitted(d).headers());
        assertEquals("admin", d.route());
    }

    @Test
    void decideWhenRequiredClaimAbsentThenMissingClaim() {
        assertEquals(Reason.MISSING_CLAIM, adminRouteReasonFor(token(TestKeys.RSA, "https://idp.example")
                .claim("scope", "admin write").claim("groups", "dev")));
    }

    @Test
    void decideWhenIssuerNotAcceptedOnRouteThenRejected() {
        assertEquals(Reason.ISSUER_NOT_ACCEPTED, adminRouteReasonFor(token(TestKeys.EC, "https://partner.example")
                .claim("scope", "admin write").claim("groups", "ops")));
    }

    @Test
    void decideWhenMethodOrHostDoesNotMatchThenNextRoute() {
        String token = bearer(token(TestKeys.RSA, "https://idp.example"));
        assertEquals("default", decider.decide(forwarded("127.0.0.1", "DELETE", "api.example.com", "/admin",
                List.of(token))).route());
        assertEquals("default", decider.decide(forwarded("127.0.0.1", "GET", "evil.com", "/admin",
                List.of(token))).route());
        assertEquals("default", decider.decide(forwarded("127.0.0.1", "GET", "api.example.com", "/administrator",
                List.of(token))).route());
    }

    @Test
    void decideWhenAudienceIsTheForwardedOriginThenAdmitted() {
        String token = bearer(token(TestKeys.RSA, "https://idp.example").audience().single("https://shop.example"));
        admitted(decider.decide(forwarded("127.0.0.1", "GET", "shop.example", "/origin/x", List.of(token))));
        assertEquals(Reason.WRONG_AUDIENCE, rejected(decider.decide(forwarded("127.0.0.1", "GET", "other.example",
                "/origin/x", List.of(token)))).reason());
    }

    @Test
    void decideWhenCookieOrQueryEnabledThenTokenFoundThereButNeverTwice() {
        String jwt = token(TestKeys.RSA, "https://idp.example").compact();
        ForwardAuthRequest cookie = new ForwardAuthRequest("127.0.0.1", List.of(), List.of("a=1; session=" + jwt),
                null, "GET", "https", "x", "/ui/home");
        admitted(decider.decide(cookie));
        ForwardAuthRequest query = new ForwardAuthRequest("127.0.0.1", List.of(), List.of(), null, "GET", "https",
                "x", "/ui/home?access_token=" + jwt);
        admitted(decider.decide(query));
        ForwardAuthRequest caddyQuery = new ForwardAuthRequest("127.0.0.1", List.of(), List.of(),
                "access_token=" + jwt, "GET", "https", "x", "/ui/home");
        admitted(decider.decide(caddyQuery));
        ForwardAuthRequest both = new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + jwt),
                List.of("session=" + jwt), null, "GET", "https", "x", "/ui/home");
        assertEquals(Reason.MULTIPLE_TOKENS, rejected(decider.decide(both)).reason());
        ForwardAuthRequest elsewhere = new ForwardAuthRequest("127.0.0.1", List.of(), List.of("session=" + jwt),
                null, "GET", "https", "x", "/api");
        assertEquals(Reason.MISSING_TOKEN, rejected(decider.decide(elsewhere)).reason());
    }

    @Test
    void bearerTokenThenSchemeIsCaseInsensitive() {
        assertEquals("abc", Decider.bearerToken("bearer abc"));
        assertEquals("abc", Decider.bearerToken("BEARER   abc "));
        assertNull(Decider.bearerToken("Bearer\tabc"));
    }

    @Test
    void decideThenEveryDecisionReachesTheListener() {
        reasonFor(List.of());
        reasonFor(List.of("Bearer x"));
        assertEquals(2, seen.size());
    }
}
