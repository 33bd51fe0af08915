package org.jwtverifier.decision;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.token.Reason;
import org.jwtverifier.token.TokenVerifier;
import org.jwtverifier.token.Verification;

/**
 * Decides one forward-auth request: finds the bearer token (RFC 6750 §2.1), bounds its size, verifies it and maps
 * the claims to identity headers. Logs each rejection as one line on the {@code org.jwtverifier.decision} logger
 * at FINE, with the reason code, issuer and key id, never the token.
 */
public final class Decider {
    private static final Logger DECISIONS = Logger.getLogger("org.jwtverifier.decision");
    private static final int LOGGED_KID_CHARS = 64;

    private final TokenVerifier verifier;
    private final IdentityHeaders identityHeaders;
    private final int maxTokenBytes;
    private final DecisionListener listener;

    public Decider(TokenVerifier verifier, IdentityHeaders identityHeaders, int maxTokenBytes,
                   DecisionListener listener) {
        this.verifier = verifier;
        this.identityHeaders = identityHeaders;
        this.maxTokenBytes = maxTokenBytes;
        this.listener = listener;
    }

    public Decision decide(ForwardAuthRequest request) {
        long start = System.nanoTime();
        Decision decision = decideUntimed(request);
        listener.decided(decision, System.nanoTime() - start);
        if (!decision.admitted() && DECISIONS.isLoggable(Level.FINE)) {
            DECISIONS.fine("rejected reason=" + decision.reason().code() + " issuer=" + decision.issuer()
                    + " kid=" + printable(decision.kid()));
        }
        return decision;
    }

    private Decision decideUntimed(ForwardAuthRequest request) {
        List<String> values = request.authorization();
        if (values.isEmpty()) {
            return Decision.reject(Reason.MISSING_TOKEN, null, null);
        }
        if (values.size() > 1) {
            return Decision.reject(Reason.DUPLICATE_AUTHORIZATION, null, null);
        }
        String value = values.get(0);
        // Bound the work before looking inside: "Bearer " plus the token must fit the limit.
        if (value.length() > maxTokenBytes + 64) {
            return Decision.reject(Reason.TOKEN_TOO_LARGE, null, null);
        }
        String token = bearerToken(value);
        if (token == null) {
            return Decision.reject(Reason.MISSING_TOKEN, null, null);
        }
        if (token.length() > maxTokenBytes) {
            return Decision.reject(Reason.TOKEN_TOO_LARGE, null, null);
        }
        Verification verification = verifier.verify(token);
        if (verification instanceof Verification.Verified ok) {
            return Decision.admit(identityHeaders.render(ok.claims()), ok.issuer(), ok.kid());
        }
        Verification.Rejected rejected = (Verification.Rejected) verification;
        return Decision.reject(rejected.reason(), rejected.issuer(), rejected.kid());
    }

    /**
     * RFC 6750 §2.1: {@code Bearer} (case-insensitive, RFC 7235 §2.1) then one or more spaces then the token.
     *
     * @return the token, or null when the header carries no bearer token
     */
    static String bearerToken(String header) {
        String trimmed = header.strip();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer", 0, 6) || trimmed.charAt(6) != ' ') {
            return null;
        }
        String token = trimmed.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static String printable(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), LOGGED_KID_CHARS));
        for (int i = 0; i < s.length() && i < LOGGED_KID_CHARS; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
