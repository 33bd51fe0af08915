package org.jwtverifier.decision;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jwtverifier.config.AddressRange;
import org.jwtverifier.config.DecisionLogConfig;
import org.jwtverifier.introspection.IntrospectionOutcome;
import org.jwtverifier.introspection.Introspector;
import org.jwtverifier.introspection.TokenIntrospection;
import org.jwtverifier.policy.ForwardedTarget;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.policy.RoutePolicy;
import org.jwtverifier.token.TokenVerifier;
import org.jwtverifier.token.Verification;
import org.jwtverifier.verdict.Denial;
import org.jwtverifier.verdict.Reason;
import org.jwtverifier.verdict.Unavailability;

/**
 * Decides one forward-auth request:
 * <ol>
 *   <li>believes {@code X-Forwarded-*} only from a trusted proxy, and picks the route policy from them;</li>
 *   <li>finds the bearer token where the route allows it: the {@code Authorization} header (RFC 6750 §2.1), and
 *       only where enabled a cookie or a query parameter (§2.3); more than one is an error (§2);</li>
 *   <li>bounds its size, verifies it, checks the route's requirements and maps claims to identity headers;</li>
 *   <li>hands a token that is not a JWT, and a verified JWT of an issuer that asks for it, to that issuer's
 *       introspection (RFC 7662), whose answer passes the same requirements and identity headers.</li>
 * </ol>
 * Logs each decision not admitted (and, where configured, each admitted one) as one line on the
 * {@code org.jwtverifier.decision} logger at FINE ({@link DecisionLog}), never the token.
 */
public final class Decider {
    private final TokenVerifier verifier;
    private final PolicyTable policies;
    private final TrustedProxies trustedProxies;
    private final int maxTokenBytes;
    private final DecisionListener listener;
    private final DecisionLog log;
    private final TokenIntrospection introspection;

    /** A decider with the default decision log ({@link DecisionLogConfig#DEFAULTS}). */
    public Decider(TokenVerifier verifier, PolicyTable policies, List<AddressRange> trustedProxies, int maxTokenBytes,
                   DecisionListener listener) {
        this(verifier, policies, trustedProxies, maxTokenBytes, listener, DecisionLogConfig.DEFAULTS,
                Clock.systemUTC());
    }

    /**
     * @param decisionLog how decisions are logged
     * @param clock       the time written on each decision line
     */
    public Decider(TokenVerifier verifier, PolicyTable policies, List<AddressRange> trustedProxies, int maxTokenBytes,
                   DecisionListener listener, DecisionLogConfig decisionLog, Clock clock) {
        this(verifier, policies, trustedProxies, maxTokenBytes, listener, decisionLog, clock, TokenIntrospection.NONE);
    }

    /**
     * @param introspection which tokens go to which issuer's introspection endpoint (RFC 7662): its answers pass the
     *                      same route policy and identity headers as a JWT's claims
     */
    public Decider(TokenVerifier verifier, PolicyTable policies, List<AddressRange> trustedProxies, int maxTokenBytes,
                   DecisionListener listener, DecisionLogConfig decisionLog, Clock clock,
                   TokenIntrospection introspection) {
        this.introspection = introspection;
        this.verifier = verifier;
        this.policies = policies;
        this.trustedProxies = new TrustedProxies(trustedProxies);
        this.maxTokenBytes = maxTokenBytes;
        this.listener = listener;
        this.log = new DecisionLog(decisionLog, clock);
    }

    public Decision decide(ForwardAuthRequest request) {
        long start = System.nanoTime();
        Trace trace = new Trace();
        Decision decision = decideUntimed(request, trace);
        long elapsed = System.nanoTime() - start;
        listener.decided(decision, elapsed);
        if (log.wants(decision, trace.untrustedPeer != null)) {
            log.log(decision, trace.target, trace.untrustedPeer, trace.token, elapsed);
        }
        return decision;
    }

    /** What a decision saw on its way, for its log line. */
    private static final class Trace {
        ForwardedTarget target = ForwardedTarget.UNKNOWN;
        /** The peer whose {@code X-Forwarded-*} headers were ignored, else null. */
        String untrustedPeer;
        String token;
    }

    private Decision decideUntimed(ForwardAuthRequest request, Trace trace) {
        ForwardedTarget target = ForwardedTarget.UNKNOWN;
        if (request.hasForwardedHeaders()) {
            if (trustedProxies.trusts(request.remoteAddress())) {
                target = ForwardedTarget.of(request.forwardedMethod(), request.forwardedProto(),
                        request.forwardedHost(), request.forwardedUri());
            } else {
                trace.untrustedPeer = String.valueOf(request.remoteAddress());
            }
        }
        trace.target = target;
        RoutePolicy policy = policies.select(target);
        switch (policy.access()) {
            case DENY:
                return Decision.reject(Reason.ROUTE_DENIED, policy.name(), null, null);
            case PUBLIC:
                return Decision.admit(policy.identityHeaders().empty(), policy.name(), null, null);
            default:
                break;
        }
        TokenSearch search = findToken(request, target, policy);
        if (search.problem != null) {
            return Decision.reject(search.problem, policy.name(), null, null);
        }
        trace.token = search.token;
        Introspector opaque = introspection.forOpaque(search.token, policy.issuers());
        if (opaque != null) {
            return introspected(opaque.introspect(search.token), policy, target, null);
        }
        Verification verification = verifier.verify(search.token);
        if (verification instanceof Verification.Rejected rejected) {
            return Decision.reject(rejected.reason(), policy.name(), rejected.issuer(), rejected.kid());
        }
        if (verification instanceof Verification.Unavailable unavailable) {
            return Decision.unavailable(Unavailability.KEYS_UNAVAILABLE, policy.name(), unavailable.issuer(),
                    unavailable.kid());
        }
        Verification.Verified ok = (Verification.Verified) verification;
        Introspector asked = introspection.forJwt(ok.issuer());
        if (asked != null) {
            return introspected(asked.introspect(search.token), policy, target, ok.kid());
        }
        Optional<Denial> denial = policy.check(ok.issuer(), ok.claims(), target);
        if (denial.isPresent()) {
            return Decision.reject(denial.get(), policy.name(), ok.issuer(), ok.kid());
        }
        return Decision.admit(policy.identityHeaders().render(ok.claims()), policy.name(), ok.issuer(), ok.kid());
    }

    /** An introspection's outcome through the same route requirements and identity headers as a JWT's claims. */
    private static Decision introspected(IntrospectionOutcome outcome, RoutePolicy policy, ForwardedTarget target,
                                         String kid) {
        if (outcome instanceof IntrospectionOutcome.Rejected rejected) {
            return Decision.reject(rejected.reason(), policy.name(), rejected.issuer(), kid);
        }
        if (outcome instanceof IntrospectionOutcome.Unavailable unavailable) {
            return Decision.unavailable(Unavailability.INTROSPECTION_UNAVAILABLE, policy.name(), unavailable.issuer(),
                    kid);
        }
        IntrospectionOutcome.Active active = (IntrospectionOutcome.Active) outcome;
        Optional<Denial> denial = policy.check(active.issuer(), active.claims(), target);
        if (denial.isPresent()) {
            return Decision.reject(denial.get(), policy.name(), active.issuer(), kid);
        }
        return Decision.admit(policy.identityHeaders().render(active.claims()), policy.name(), active.issuer(), kid);
    }

    private record TokenSearch(String token, Reason problem) {
    }

    private TokenSearch findToken(ForwardAuthRequest request, ForwardedTarget target, RoutePolicy policy) {
        List<String> authorization = request.authorization();
        if (authorization.size() > 1) {
            return new TokenSearch(null, Reason.DUPLICATE_AUTHORIZATION);
        }
        String found = null;
        int sources = 0;
        if (authorization.size() == 1) {
            String value = authorization.get(0);
            // Bound the work before looking inside: "Bearer " plus the token must fit the limit.
            if (value.length() > maxTokenBytes + 64) {
                return new TokenSearch(null, Reason.TOKEN_TOO_LARGE);
            }
            found = bearerToken(value);
            sources += found == null ? 0 : 1;
        }
        if (policy.tokenCookie().isPresent()) {
            String cookie = TokenSources.cookie(request.cookies(), policy.tokenCookie().get());
            if (cookie != null) {
                found = cookie;
                sources++;
            }
        }
        if (policy.tokenQueryParameter().isPresent()) {
            String query = TokenSources.queryParameter(target, request.requestQuery(),
                    policy.tokenQueryParameter().get());
            if (query != null) {
                found = query;
                sources++;
            }
        }
        if (sources > 1) {
            return new TokenSearch(null, Reason.MULTIPLE_TOKENS);
        }
        if (found == null) {
            return new TokenSearch(null, Reason.MISSING_TOKEN);
        }
        if (found.length() > maxTokenBytes) {
            return new TokenSearch(null, Reason.TOKEN_TOO_LARGE);
        }
        return new TokenSearch(found, null);
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
}
