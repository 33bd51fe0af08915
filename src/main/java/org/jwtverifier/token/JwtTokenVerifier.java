package org.jwtverifier.token;

import java.util.Map;
import org.jwtverifier.verdict.Reason;

/**
 * Verifies a bearer token against the configured issuers. The token's unverified {@code iss} only chooses which
 * issuer's verifier runs; that verifier then requires the same {@code iss} and uses only that issuer's keys, so
 * keys of one issuer can never vouch for another's tokens.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    private final Map<String, IssuerVerifier> byIssuer;

    public JwtTokenVerifier(Map<String, IssuerVerifier> byIssuer) {
        this.byIssuer = Map.copyOf(byIssuer);
    }

    @Override
    public Verification verify(String token) {
        CompactToken peeked;
        try {
            peeked = CompactToken.peek(token);
        } catch (RejectedTokenException e) {
            return new Verification.Rejected(e.reason(), null, null);
        }
        IssuerVerifier verifier = peeked.iss() == null ? null : byIssuer.get(peeked.iss());
        if (verifier == null) {
            return new Verification.Rejected(Reason.UNKNOWN_ISSUER, null, peeked.kid());
        }
        if (!verifier.allows(peeked.alg())) {
            return new Verification.Rejected(Reason.UNSUPPORTED_ALGORITHM, verifier.issuer(), peeked.kid());
        }
        return verifier.verify(token, peeked.alg(), peeked.kid());
    }
}
