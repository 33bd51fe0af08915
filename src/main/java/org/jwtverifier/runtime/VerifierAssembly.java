package org.jwtverifier.runtime;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.KeySourceListener;
import org.jwtverifier.jwks.KeyStores;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.token.IssuerVerifier;
import org.jwtverifier.token.TokenVerifier;

/**
 * The object graph built from one configuration: key stores, per-issuer verifiers and the decider. Immutable once
 * built; a reload builds a new one and closes the old.
 */
public final class VerifierAssembly implements AutoCloseable {
    private final VerifierConfig config;
    private final KeyStores keyStores;
    private final Decider decider;

    public VerifierAssembly(VerifierConfig config, PersistedKeySets persisted, String name, Clock clock,
                     KeySourceListener keyEvents, DecisionListener decisions) throws KeySourceException {
        this.config = config;
        this.keyStores = new KeyStores(config.issuerList(), persisted, name, clock, keyEvents);
        Map<String, IssuerVerifier> verifiers = new LinkedHashMap<>();
        for (IssuerConfig issuer : config.issuerList()) {
            verifiers.put(issuer.issuer(), new IssuerVerifier(issuer, keyStores.forIssuer(issuer.issuer()), clock));
        }
        this.decider = new Decider(new TokenVerifier(verifiers), new PolicyTable(config), config.trustedProxies(),
                config.maxTokenBytes(), decisions);
    }

    public VerifierConfig config() {
        return config;
    }

    public KeyStores keyStores() {
        return keyStores;
    }

    public Decider decider() {
        return decider;
    }

    @Override
    public void close() {
        keyStores.close();
    }
}
