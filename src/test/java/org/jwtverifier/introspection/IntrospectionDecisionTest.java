package org.jwtverifier.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.testsupport.IntrospectionStub;
import org.jwtverifier.testsupport.IntrospectionStub.Reply;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.verdict.Reason;
import org.jwtverifier.verdict.Unavailability;

/**
 * Introspected tokens through the decider: which issuer an opaque token goes to, and that its answer meets the
 * same route requirements and identity headers as a JWT's claims; a JWT of an issuer with {@code introspectJwts}
 * is verified first, then introspected.
 */
class IntrospectionDecisionTest {
    private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");
    private static final long NOW = START.getEpochSecond();

    private final MutableClock clock = new MutableClock(START);
    private final IntrospectionStub opaqueIdp = IntrospectionStub.start();
    private final IntrospectionStub jwtIdp = IntrospectionStub.start();
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final Decider decider;

    IntrospectionDecisionTest() throws Exception {
        String yaml = """
                identityHeaders: {sub: X-User-Id, username: X-User-Name, client_id: X-Client-Id}
                issuers:
                  - issuer: https://opaque.example
                    jwksFile: unused.json
                    audiences: [api]
                    introspection: {endpoint: "OPAQUE", clientId: v, clientSecret: "${env:S}"}
                  - issuer: https://jwt.example
                    jwksFile: unused.json
                    audiences: [api]
                    introspection: {endpoint: "JWT", clientId: v, clientSecret: "${env:S}", introspectJwts: true}
                  - issuer: https://plain.example
                    jwksFile: unused.json
                    audiences: [api]
                routes:
                  - {name: admin, pathPrefix: /admin, issuers: [https://opaque.example], scopes: [admin]}
                  - {name: plain-only, pathPrefix: /plain, issuers: [https://plain.example]}
                  - {name: jwt-idp, pathPrefix: /jwt, issuers: [https://jwt.example, https://plain.example]}
                defaultPolicy: {issuers: [https://opaque.example, https://plain.example]}
                """.replace("OPAQUE", opaqueIdp.endpoint()).replace("JWT", jwtIdp.endpoint());
        VerifierConfig config = new ConfigParser(clock, name -> "secret").parse(yaml, Path.of("/etc/c.yaml"));
        Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            verifiers.put(issuer.issuer(), TestIssuers.verifier(issuer,
                    new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA))), persisted, clock));
        }
        decider = new Decider(new JwtTokenVerifier(verifiers), new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), DecisionListener.NONE, config.decisionLog(), clock,
                TokenIntrospection.of(config.issuerList(), RevocationCheck.NONE, clock));
    }

    @AfterEach
    void close() {
        opaqueIdp.close();
        jwtIdp.close();
        persisted.close();
    }

    private Decision decide(String path, String token) {
        return decider.decide(new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + token), List.of(), null, "GET",
                "https", "app.example.com", path));
    }

    @Test
    void anActiveAnswerGetsTheIdentityHeadersAndMeetsTheRoutesRequirements() {
        opaqueIdp.replies(token -> switch (token) {
            case "admin" -> Reply.active("\"sub\":\"u1\",\"username\":\"alice\",\"client_id\":\"web\","
                    + "\"scope\":\"read admin\",\"aud\":\"api\",\"exp\":" + (NOW + 60));
            case "reader" -> Reply.active("\"sub\":\"u2\",\"scope\":\"read\",\"aud\":[\"api\"],\"exp\":" + (NOW + 60));
            case "other-audience" -> Reply.active("\"sub\":\"u3\",\"aud\":\"billing\",\"exp\":" + (NOW + 60));
            default -> Reply.inactive();
        });
        Decision.Admitted admin = assertInstanceOf(Decision.Admitted.class, decide("/admin/x", "admin"));
        assertEquals(Map.of("X-User-Id", "u1", "X-User-Name", "alice", "X-Client-Id", "web"), admin.headers());
        assertEquals("https://opaque.example", admin.issuer());
        assertEquals(Reason.INSUFFICIENT_SCOPE, rejected(decide("/admin/x", "reader")).reason());
        assertInstanceOf(Decision.Admitted.class, decide("/orders", "reader"), "the default policy: no scope");
        assertEquals(Reason.WRONG_AUDIENCE, rejected(decide("/orders", "other-audience")).reason(),
                "the issuer's audiences hold for introspected tokens");
        Decision.Rejected inactive = rejected(decide("/orders", "revoked-at-the-idp"));
        assertEquals(Reason.INACTIVE_TOKEN, inactive.reason());
        assertEquals(401, inactive.reason().status());
        assertEquals(0, jwtIdp.calls(), "an opaque token goes to the one introspecting issuer its route accepts");
    }

    @Test
    void anOpaqueTokenOnARouteWithoutAnIntrospectingIssuerIsAMalformedJwtAsBefore() {
        assertEquals(Reason.MALFORMED_TOKEN, rejected(decide("/plain", "opaque")).reason());
        assertEquals(0, opaqueIdp.calls() + jwtIdp.calls());
    }

    @Test
    void anIdpFailureIsA503NeverAnAdmission() {
        opaqueIdp.replies(token -> new Reply(500, "{\"active\":true}"));
        Decision.Unavailable unavailable = assertInstanceOf(Decision.Unavailable.class, decide("/orders", "t"));
        assertEquals(Unavailability.INTROSPECTION_UNAVAILABLE, unavailable.cause());
    }

    @Test
    void aJwtOfAnIssuerThatIntrospectsJwtsIsVerifiedThenIntrospected() {
        jwtIdp.replies(token -> Reply.active("\"sub\":\"idp-says\",\"aud\":\"api\",\"exp\":" + (NOW + 60)));
        String jwt = TestKeys.RSA.sign().issuer("https://jwt.example").audience().add("api").and().subject("jwt-says")
                .expiration(Date.from(START.plusSeconds(300))).compact();
        Decision.Admitted admitted = assertInstanceOf(Decision.Admitted.class, decide("/jwt", jwt));
        assertEquals("idp-says", admitted.headers().get("X-User-Id"), "the IdP's answer decides");
        assertEquals(1, jwtIdp.calls());

        jwtIdp.replies(token -> Reply.inactive());
        String other = TestKeys.RSA.sign().issuer("https://jwt.example").audience().add("api").and().subject("x")
                .expiration(Date.from(START.plusSeconds(301))).compact();
        assertEquals(Reason.INACTIVE_TOKEN, rejected(decide("/jwt", other)).reason());

        String forged = TestKeys.RSA_REUSED_KID.sign().issuer("https://jwt.example").audience().add("api").and().subject("x")
                .expiration(Date.from(START.plusSeconds(300))).compact();
        assertEquals(Reason.BAD_SIGNATURE, rejected(decide("/jwt", forged)).reason());
        assertEquals(2, jwtIdp.calls(), "a JWT that fails its own verification costs the IdP nothing");

        String plain = TestKeys.RSA.sign().issuer("https://plain.example").audience().add("api").and().subject("p")
                .expiration(Date.from(START.plusSeconds(300))).compact();
        assertEquals("p", assertInstanceOf(Decision.Admitted.class, decide("/jwt", plain)).headers().get("X-User-Id"));
        assertEquals(2, jwtIdp.calls(), "a JWT of an issuer without introspectJwts is not introspected");
    }

    private static Decision.Rejected rejected(Decision decision) {
        return assertInstanceOf(Decision.Rejected.class, decision, decision::toString);
    }
}
