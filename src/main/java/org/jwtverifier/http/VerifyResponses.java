package org.jwtverifier.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.verdict.Unavailability;

/**
 * The answers of {@code /verify}, rendered from what a decision carries: short {@code text/plain} bodies, never
 * cached ({@code no-store}: each answer is about one request's credentials).
 */
final class VerifyResponses {
    private VerifyResponses() {
    }

    /** @param realm the configured realm of the {@code WWW-Authenticate} challenges */
    static Response of(Decision decision, String realm) {
        return decision.match(VerifyResponses::admitted, rejected -> rejected(rejected, realm),
                unavailable -> unavailable(unavailable.cause()));
    }

    /** 200 with the identity headers, which the proxy copies to the backend. */
    static Response admitted(Decision.Admitted admitted) {
        Response.ResponseBuilder response = plain(200);
        admitted.headers().forEach(response::header);
        return response.entity("OK\n").build();
    }

    /** The reason's status, with the RFC 6750 §3 challenge when there is one. */
    static Response rejected(Decision.Rejected rejected, String realm) {
        Response.ResponseBuilder response = plain(rejected.reason().status());
        Challenges.wwwAuthenticate(realm, rejected.challenge())
                .ifPresent(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        return response.entity(rejected.reason().message() + "\n").build();
    }

    /** 503 with {@code Retry-After} (RFC 9110 §15.6.4): the proxy may try again, or another instance. */
    static Response unavailable(Unavailability cause) {
        return plain(503)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(cause.retryAfter().toSeconds()))
                .entity(cause.message() + "\n")
                .build();
    }

    private static Response.ResponseBuilder plain(int status) {
        return Response.status(status)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .type(MediaType.TEXT_PLAIN_TYPE);
    }
}
