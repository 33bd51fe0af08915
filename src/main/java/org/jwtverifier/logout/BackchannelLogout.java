package org.jwtverifier.logout;

import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.logging.Logger;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.revocation.Revocation;
import org.jwtverifier.revocation.RevocationLimitException;
import org.jwtverifier.revocation.Revocations;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.token.LogoutTokenVerifier;

/**
 * Handles one logout token (OpenID Connect Back-Channel Logout 1.0 §2.5, §2.6): validated, checked against the
 * {@code jti}s already accepted, then the session it names revoked ({@code sid}), or the subject when it names
 * only a subject: every token of the subject issued up to the logout token's {@code iat}, an instant of the
 * provider's clock like the access tokens' {@code iat} it is compared with, and the same however often the token
 * arrives. Either everything happens or nothing: an invalid, replayed or unrecordable token revokes nothing.
 */
public final class BackchannelLogout {
    private static final Logger LOG = Logger.getLogger(BackchannelLogout.class.getName());
    /** The most {@code jti}s remembered at once; far above any provider's logout rate over a token's max age. */
    static final int MAX_SEEN = 100_000;

    private final Revocations revocations;
    private final VerifierMetrics metrics;
    private final Clock clock;
    private final SeenTokenIds seen;

    private static final String ATTRIBUTE = BackchannelLogout.class.getName();

    /** The logout handler of the web application {@code context} belongs to; null before start and after stop. */
    public static BackchannelLogout from(ServletContext context) {
        return (BackchannelLogout) context.getAttribute(ATTRIBUTE);
    }

    public void publishTo(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    public static void unpublishFrom(ServletContext context) {
        context.removeAttribute(ATTRIBUTE);
    }

    public BackchannelLogout(Revocations revocations, VerifierMetrics metrics, Clock clock) {
        this.revocations = revocations;
        this.metrics = metrics;
        this.clock = clock;
        this.seen = new SeenTokenIds(MAX_SEEN, clock);
    }

    /** The outcome: null when the logout was done, else why not (for the 400's {@code error_description}). */
    public String logout(String logoutToken, VerifierAssembly assembly) {
        String refused = handle(logoutToken, assembly);
        metrics.backchannelLogout(refused == null);
        return refused;
    }

    private String handle(String logoutToken, VerifierAssembly assembly) {
        LogoutTokenVerifier.Result result = LogoutTokenVerifier.verify(logoutToken, assembly.config(),
                assembly.keyStores()::forIssuer, clock);
        if (result instanceof LogoutTokenVerifier.Invalid invalid) {
            LOG.fine(() -> "Logout token refused: " + invalid.why());
            return invalid.why();
        }
        LogoutTokenVerifier.Valid valid = (LogoutTokenVerifier.Valid) result;
        switch (seen.record(valid.issuer(), valid.jti(), valid.rememberUntil())) {
            case REPLAYED -> {
                return "The logout token was already received (jti)";
            }
            case FULL -> {
                return "Too many logout tokens received recently";
            }
            default -> {
            }
        }
        try {
            Revocation r = valid.sid() != null
                    ? revocations.revokeSession(assembly.config(), valid.issuer(), valid.sid(),
                            Revocation.BACKCHANNEL_LOGOUT)
                    : revocations.revokeSubjectIssuedUpTo(assembly.config(), valid.issuer(), valid.sub(),
                            valid.issuedAt(), Revocation.BACKCHANNEL_LOGOUT);
            metrics.revocationMade(r.kind() == Revocation.Kind.SESSION ? "session" : "subject", "backchannel_logout");
            LOG.info("Back-channel logout from " + valid.issuer() + ": revoked "
                    + (valid.sid() != null ? "session " + valid.sid() : "subject " + valid.sub()));
            return null;
        } catch (RevocationLimitException e) {
            seen.forget(valid.issuer(), valid.jti());
            metrics.revocationRefused();
            return "The verifier holds its maximum of revocations";
        } catch (RuntimeException e) {
            seen.forget(valid.issuer(), valid.jti());
            LOG.warning("Back-channel logout from " + valid.issuer() + " could not be recorded: " + e);
            return "The logout could not be recorded";
        }
    }
}
