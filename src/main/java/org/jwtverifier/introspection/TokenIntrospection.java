package org.jwtverifier.introspection;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeyStores;
import org.jwtverifier.revocation.RevocationCheck;

/**
 * Which token goes to which issuer's introspection.
 *
 * <ul>
 *   <li>A token that is not a JWT names no issuer. It goes to the one issuer with introspection that its route
 *       accepts: the route's {@code issuers} narrowed to those with introspection, or every such issuer when the
 *       route names none. The configuration is refused where a protected route would leave two, so there is never
 *       a choice to make here. With none, the token is a malformed JWT, as without introspection.</li>
 *   <li>A JWT is verified as ever; where its issuer sets {@code introspectJwts}, a verified one is then introspected
 *       too, and the IdP's answer decides.</li>
 * </ul>
 */
public final class TokenIntrospection {
    /** No issuer introspects: every token is a JWT to be verified. */
    public static final TokenIntrospection NONE = new TokenIntrospection(List.of());

    private final Map<String, Introspector> byIssuer = new LinkedHashMap<>();

    TokenIntrospection(Collection<Introspector> introspectors) {
        introspectors.forEach(i -> byIssuer.put(i.issuer(), i));
    }

    /**
     * @param issuers     the configured issuers; those with an {@code introspection} part get an introspector
     * @param revocations asked on every introspected decision, as for JWTs
     * @throws KeySourceException when an issuer's trust store cannot be loaded
     */
    public static TokenIntrospection of(Collection<IssuerConfig> issuers, RevocationCheck revocations, Clock clock)
            throws KeySourceException {
        List<Introspector> introspectors = new ArrayList<>();
        for (IssuerConfig issuer : issuers) {
            if (issuer.introspection().isPresent()) {
                IntrospectionClient client = new IntrospectionClient(issuer.issuer(), issuer.introspection().get(),
                        issuer.fetch(), KeyStores.sslFor(issuer.fetch()));
                introspectors.add(new Introspector(issuer, new Introspector.Endpoint() {
                    @Override
                    public IntrospectionAnswer introspect(String token) throws IntrospectionFailure {
                        return client.introspect(token);
                    }

                    @Override
                    public String describe() {
                        return client.describe();
                    }
                }, revocations, clock));
            }
        }
        return introspectors.isEmpty() ? NONE : new TokenIntrospection(introspectors);
    }

    /**
     * @param routeIssuers the issuers the token's route accepts; empty: every issuer
     * @return the introspector for a token that is not a JWT on that route, or null when the token is a JWT or no
     *         accepted issuer introspects
     */
    public Introspector forOpaque(String token, Set<String> routeIssuers) {
        if (byIssuer.isEmpty() || isJwt(token)) {
            return null;
        }
        Introspector found = null;
        for (Introspector introspector : byIssuer.values()) {
            if (routeIssuers.isEmpty() || routeIssuers.contains(introspector.issuer())) {
                if (found != null) {
                    // The parser refuses such a route; should one be built in code, no issuer is guessed.
                    return null;
                }
                found = introspector;
            }
        }
        return found;
    }

    /** @return the introspector for a verified JWT of this issuer, or null when its JWTs are not introspected */
    public Introspector forJwt(String issuer) {
        Introspector introspector = byIssuer.get(issuer);
        return introspector != null && introspector.introspectsJwts() ? introspector : null;
    }

    /** @return every issuer's introspector, in configured order */
    public List<Introspector> all() {
        return List.copyOf(byIssuer.values());
    }

    /**
     * A JWS in compact serialisation (RFC 7515 §7.1): three dot-separated parts, the first the base64url of a JSON
     * object. Anything else (no dots, as most opaque tokens, or a first part that is not a JSON header) is not a
     * JWT. Looks at the first part only: deciding whether it is a well-formed JWT is the verifier's job.
     */
    static boolean isJwt(String token) {
        int first = token.indexOf('.');
        if (first <= 0) {
            return false;
        }
        int second = token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        byte[] header;
        try {
            header = Base64.getUrlDecoder().decode(token.substring(0, first));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (byte b : header) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }
}
