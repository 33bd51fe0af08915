package org.jwtverifier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jwtverifier.token.Reason;
import org.junit.jupiter.api.Test;

class ChallengesTest {
    @Test
    void bearerWhenNoTokenThenNoErrorAttribute() {
        assertEquals("Bearer realm=\"api\"", Challenges.bearer("api", Reason.MISSING_TOKEN, null));
    }

    @Test
    void bearerWhenBadTokenThenInvalidTokenWithDescription() {
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token has expired\"",
                Challenges.bearer("api", Reason.EXPIRED, null));
    }

    @Test
    void bearerWhenMalformedRequestThenInvalidRequest() {
        assertEquals("Bearer realm=\"api\", error=\"invalid_request\", "
                + "error_description=\"More than one Authorization header\"",
                Challenges.bearer("api", Reason.DUPLICATE_AUTHORIZATION, null));
    }

    @Test
    void bearerWhenInsufficientScopeThenScopeAttribute() {
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"admin write\"",
                Challenges.bearer("api", Reason.INSUFFICIENT_SCOPE, "admin write"));
    }

    @Test
    void everyDescriptionIsQuotableAscii() {
        for (Reason reason : Reason.values()) {
            String d = reason.description();
            if (d != null) {
                assertEquals(true, d.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'), d);
            }
        }
    }
}
