package org.jwtverifier.decision;

import java.util.Map;
import org.jwtverifier.token.Reason;

/**
 * What to answer the proxy: admit with identity headers, or reject with a reason.
 *
 * @param status  the HTTP status
 * @param reason  why the request was rejected, or null when admitted
 * @param headers identity headers for an admitted request (header name to value); empty when rejected
 * @param issuer  the issuer of the token, when known
 * @param kid     the token's key id, when known (unverified when rejected)
 */
public record Decision(int status, Reason reason, Map<String, String> headers, String issuer, String kid) {

    public static Decision admit(Map<String, String> headers, String issuer, String kid) {
        return new Decision(200, null, headers, issuer, kid);
    }

    public static Decision reject(Reason reason, String issuer, String kid) {
        return new Decision(reason.status(), reason, Map.of(), issuer, kid);
    }

    public boolean admitted() {
        return reason == null;
    }
}
