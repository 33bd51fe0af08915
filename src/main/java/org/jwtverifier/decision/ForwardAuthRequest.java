package org.jwtverifier.decision;

import java.util.List;

/**
 * The parts of a proxy's auth sub-request that a decision may use, as received: the decision, not the HTTP
 * layer, judges what to believe.
 *
 * @param remoteAddress   the peer's IP address (the proxy, normally)
 * @param authorization   every {@code Authorization} header value (a list: two of them is an error)
 * @param cookies         every {@code Cookie} header value
 * @param requestQuery    the raw query string of the auth request itself (Caddy appends the client's), or null
 * @param forwardedMethod {@code X-Forwarded-Method}, or null
 * @param forwardedProto  {@code X-Forwarded-Proto}, or null
 * @param forwardedHost   {@code X-Forwarded-Host}, or null
 * @param forwardedUri    {@code X-Forwarded-Uri} (path and query of the original request), or null
 */
public record ForwardAuthRequest(String remoteAddress, List<String> authorization, List<String> cookies,
                                 String requestQuery, String forwardedMethod, String forwardedProto,
                                 String forwardedHost, String forwardedUri) {

    public ForwardAuthRequest {
        authorization = authorization == null ? List.of() : authorization;
        cookies = cookies == null ? List.of() : cookies;
    }

    /** A request carrying only these Authorization headers, from loopback, with nothing forwarded. */
    public static ForwardAuthRequest withAuthorization(List<String> authorization) {
        return new ForwardAuthRequest("127.0.0.1", authorization, List.of(), null, null, null, null, null);
    }

    boolean hasForwardedHeaders() {
        return forwardedMethod != null || forwardedProto != null || forwardedHost != null || forwardedUri != null;
    }
}
