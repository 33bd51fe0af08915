package org.jwtverifier.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.crypto.SignatureProviders;
import org.jwtverifier.config.PolicyConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.introspection.TokenIntrospection;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.KeyStores;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.token.CachingTokenVerifier;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.token.TokenVerifier;

/**
 * The object graph built from one configuration: key stores, per-issuer verifiers and the decider. Immutable once
 * built; a reload builds a new one and closes the old once the requests still using it have finished (see
 * {@link VerifierRuntime#enter()}).
 */
public final class VerifierAssembly implements AutoCloseable {
    private final VerifierConfig config;
    private final KeyStores keyStores;
    private final Decider decider;
    private final CachingTokenVerifier tokenCache;
    private final TokenIntrospection introspection;
    private final SignatureProviders providers;
    private final InFlightRequests users = new InFlightRequests();
    private volatile boolean closed;

    /** An assembly that revokes nothing. */
    public VerifierAssembly(VerifierConfig config, PersistedKeySets persisted, String name, Clock clock,
                     KeySourceListener keyEvents, DecisionListener decisions) throws KeySourceException {
        this(config, persisted, name, clock, keyEvents, decisions, RevocationCheck.NONE);
    }

    /**
     * @param revocations asked on every decision: by each issuer's verifier after its other checks, and by the
     *                    verified-token cache on every hit, the same check at the same point, so cached and fresh
     *                    decisions agree
     */
    public VerifierAssembly(VerifierConfig config, PersistedKeySets persisted, String name, Clock clock,
                     KeySourceListener keyEvents, DecisionListener decisions, RevocationCheck revocations)
            throws KeySourceException {
        this.config = config;
        try {
            this.providers = SignatureProviders.resolve(config.cryptoProvider());
        } catch (IllegalStateException e) {
            // crypto.provider: accp without a usable native provider: as fatal as keys that cannot be had.
            throw new KeySourceException(e.getMessage());
        }
        // Before the key stores: a trust store that cannot be loaded must not leave their threads running.
        this.introspection = TokenIntrospection.of(config.issuerList(), revocations, clock);
        this.keyStores = new KeyStores(config.issuerList(), persisted, name, clock, keyEvents);
        Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            verifiers.put(issuer.issuer(), new IssuerVerifier(issuer, keyStores.forIssuer(issuer.issuer()), clock,
                    providers, revocations));
        }
        TokenVerifier verifier = new JwtTokenVerifier(verifiers);
        if (config.tokenCache().enabled()) {
            this.tokenCache = new CachingTokenVerifier(verifier, keptClaims(config), keyCheck(keyStores::forIssuer),
                    revocations, config.tokenCache().maxEntries(), config.tokenCache().maxTtl(), clock);
            verifier = tokenCache;
        } else {
            this.tokenCache = null;
        }
        this.decider = new Decider(verifier, new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), decisions, config.decisionLog(), clock, introspection);
    }

    /**
     * The key check of the verified-token cache: a hit is served only while the token's issuer would hand the very
     * key that verified it to a fresh verification of the token's header (never fetching).
     *
     * @param storeOfIssuer the issuer's key store, or null for an issuer no longer configured
     */
    public static CachingTokenVerifier.KeyCheck keyCheck(Function<String, IssuerKeyStore> storeOfIssuer) {
        return (issuer, kid, alg, key) -> {
            IssuerKeyStore store = storeOfIssuer.apply(issuer);
            return store != null && store.selects(kid, alg, key);
        };
    }

    /** The claims a cached verification must keep: whatever a route or identity header looks at. */
    public static Set<String> keptClaims(VerifierConfig config) {
        Set<String> claims = new HashSet<>(Set.of("iss", "sub", "aud", "exp", "scope", "scp"));
        config.identityHeaders().forEach(header -> claims.add(header.claim()));
        List<PolicyConfig> policies = new ArrayList<>();
        policies.add(config.defaultPolicy());
        config.routes().forEach(route -> policies.add(route.policy()));
        for (PolicyConfig policy : policies) {
            claims.addAll(policy.requiredClaims().keySet());
            policy.identityHeaders().ifPresent(headers -> headers.forEach(header -> claims.add(header.claim())));
        }
        return claims;
    }

    /** @return the verified-token cache, or null when it is switched off */
    public CachingTokenVerifier tokenCache() {
        return tokenCache;
    }

    public VerifierConfig config() {
        return config;
    }

    /** @return which provider verifies each algorithm in this assembly */
    public SignatureProviders providers() {
        return providers;
    }

    /** @return which tokens go to which issuer's introspection, and their states */
    public TokenIntrospection introspection() {
        return introspection;
    }

    public KeyStores keyStores() {
        return keyStores;
    }

    public Decider decider() {
        return decider;
    }

    boolean tryEnter() {
        return users.tryEnter();
    }

    void leave() {
        users.leave();
    }

    /** Refuses new users and waits for the current ones; {@link VerifierRuntime} calls it once, before close. */
    boolean retireAndAwait(Duration bound) throws InterruptedException {
        return users.retireAndAwait(bound);
    }

    /** @return how many users hold this assembly now */
    int users() {
        return users.count();
    }

    /**
     * @return true once {@link #close()} began: a failure of a user that outlived the reload's wait is explained
     *         by it, not by the request
     */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the key refresh threads and closes the token cache; whoever still uses this graph may then fail. */
    @Override
    public void close() {
        closed = true;
        keyStores.close();
        if (tokenCache != null) {
            tokenCache.close();
        }
    }
}
