package org.jwtverifier.decision;

import java.util.Map;
import org.jwtverifier.token.Reason;

/**
 * What to answer the proxy: admit with identity headers, or reject with a reason.
 *
 * @param status  the HTTP status
 * @param reason  why the request was rejected, or null when admitted
 * @param scope   for {@link Reason#INSUFFICIENT_SCOPE}: the scopes the route requires, else null
 * @param headers identity headers for an admitted request (header name to value); empty when rejected
 * @param route   the route policy that applied
 * @param issuer  the issuer of the token, when known
 * @param kid     the token's key id, when known (unverified when rejected)
 */
public record Decision(int status, Reason reason, String scope, Map<String, String> headers, String route,
                       String issuer, String kid) {

    public static Decision admit(Map<String, String> headers, String route, String issuer, String kid) {
        return new Decision(200, null, null, headers, route, issuer, kid);
    }

    public static Decision reject(Reason reason, String route, String issuer, String kid) {
        return new Decision(reason.status(), reason, null, Map.of(), route, issuer, kid);
    }

    public static Decision insufficientScope(String scope, String route, String issuer, String kid) {
        return new Decision(Reason.INSUFFICIENT_SCOPE.status(), Reason.INSUFFICIENT_SCOPE, scope, Map.of(), route,
                issuer, kid);
    }

    public boolean admitted() {
        return reason == null;
    }
}
