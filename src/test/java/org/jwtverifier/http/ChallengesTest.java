package org.jwtverifier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.jwtverifier.verdict.Challenge;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;
import org.junit.jupiter.api.Test;

class ChallengesTest {
    @Test
    void bearerWhenNoTokenThenNoErrorAttribute() {
        assertEquals(Optional.of("Bearer realm=\"api\""),
                Challenges.wwwAuthenticate("api", Reason.MISSING_TOKEN.challenge()));
    }

    @Test
    void bearerWhenBadTokenThenInvalidTokenWithDescription() {
        assertEquals(Optional.of("Bearer realm=\"api\", error=\"invalid_token\", "
                + "error_description=\"The token has expired\""),
                Challenges.wwwAuthenticate("api", Reason.EXPIRED.challenge()));
    }

    @Test
    void bearerWhenMalformedRequestThenInvalidRequest() {
        assertEquals(Optional.of("Bearer realm=\"api\", error=\"invalid_request\", "
                + "error_description=\"More than one Authorization header\""),
                Challenges.wwwAuthenticate("api", Reason.DUPLICATE_AUTHORIZATION.challenge()));
    }

    @Test
    void bearerWhenInsufficientScopeThenScopeAttribute() {
        assertEquals(Optional.of("Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"admin write\""),
                Challenges.wwwAuthenticate("api", Denial.insufficientScope("admin write").challenge()));
    }

    @Test
    void wwwAuthenticateWhenTheRouteDeniesEveryoneThenNoChallenge() {
        assertEquals(Optional.empty(), Challenges.wwwAuthenticate("api", Reason.ROUTE_DENIED.challenge()));
    }

    @Test
    void everyDescriptionIsQuotableAscii() {
        for (Reason reason : Reason.values()) {
            if (reason.challenge() instanceof Challenge.Error error) {
                for (String value : new String[] {error.error(), error.description()}) {
                    assertEquals(true, value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'),
                            value);
                }
            }
        }
    }
}
