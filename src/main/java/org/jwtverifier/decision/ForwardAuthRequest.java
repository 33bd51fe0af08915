package org.jwtverifier.decision;

import java.util.List;

/**
 * The parts of a proxy's auth sub-request that a decision may use.
 *
 * @param authorization every {@code Authorization} header value as received (a list: two of them is an error)
 */
public record ForwardAuthRequest(List<String> authorization) {

    public ForwardAuthRequest {
        authorization = authorization == null ? List.of() : authorization;
    }
}
