package org.jwtverifier.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jwtverifier.token.Reason;
import org.jwtverifier.token.TokenVerifier;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private final List<Decision> seen = new ArrayList<>();
    private final Decider decider = new Decider(new TokenVerifier(Map.of()),
            new IdentityHeaders(Map.of("sub", "X-User-Id")), 1024, (d, nanos) -> seen.add(d));

    private Reason reasonFor(List<String> authorization) {
        return decider.decide(new ForwardAuthRequest(authorization)).reason();
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
        assertEquals(Reason.DUPLICATE_AUTHORIZATION, reasonFor(List.of("Bearer a.b.c", "Bearer d.e.f")));
        assertEquals(400, Reason.DUPLICATE_AUTHORIZATION.status());
    }

    @Test
    void decideWhenTokenOverTheBoundThenTooLargeBeforeParsing() {
        assertEquals(Reason.TOKEN_TOO_LARGE, reasonFor(List.of("Bearer " + "a".repeat(1025))));
        assertEquals(Reason.TOKEN_TOO_LARGE, reasonFor(List.of("x".repeat(100_000))));
        assertEquals(Reason.UNKNOWN_ISSUER.status(), decider.decide(
                new ForwardAuthRequest(List.of("Bearer " + "a".repeat(1024)))).status());
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
