package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.JwsAlgorithm;
import org.jwtverifier.config.ProviderChoice;
import org.jwtverifier.crypto.SignatureProviders;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.VerificationKey;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.verdict.Reason;

/**
 * Verifies tokens of one issuer: a JJWT parser built once (algorithm allow-list, clock and skew, exact issuer,
 * keys from this issuer's store only, no unsecured JWTs, no unknown {@code crit} headers), then the
 * {@link TokenValidator}s the configuration asks for ({@code typ}, then {@code exp} required), then
 * {@link TimeClaims}, then revocation ({@link RevocationCheck}). Audiences, scopes and claims a route requires are
 * checked by the policy afterwards. Signatures and HMACs are verified by the providers {@link SignatureProviders}
 * chose, one parser for each kind, since a JJWT parser takes one provider.
 */
public final class IssuerVerifier {
    private final String issuer;
    private final Set<String> algorithms;
    private final IssuerKeyLocator locator;
    /** For the allowed signature algorithms, and for the allowed HMAC algorithms; null where none is allowed. */
    private final JwtParser signatureParser;
    private final JwtParser hmacParser;
    private final List<TokenValidator> validators;
    private final Clock clock;
    private final Duration skew;
    private final RevocationCheck revocations;

    /** A verifier that revokes nothing, on the JVM's preferred providers ({@code crypto.provider: auto}). */
    public IssuerVerifier(IssuerConfig config, IssuerKeyStore keys, Clock clock) {
        this(config, keys, clock, SignatureProviders.resolve(ProviderChoice.AUTO), RevocationCheck.NONE);
    }

    /**
     * @param providers   the providers that verify signatures and HMACs
     * @param revocations asked about every token that passed every other check
     */
    public IssuerVerifier(IssuerConfig config, IssuerKeyStore keys, Clock clock, SignatureProviders providers,
                          RevocationCheck revocations) {
        this.issuer = config.issuer();
        this.algorithms = Set.copyOf(config.algorithms());
        this.locator = new IssuerKeyLocator(keys);
        this.signatureParser = parser(config, clock, false, providers.forSignatures());
        this.hmacParser = parser(config, clock, true, providers.forHmac());
        // The header before the claims: a token of the wrong type is told so, whatever its claims.
        List<TokenValidator> list = new ArrayList<>();
        if (config.requireAccessTokenType()) {
            list.add(new AccessTokenTypeValidator());
        }
        if (config.requireExpiry()) {
            list.add(new ExpiryRequiredValidator());
        }
        this.validators = List.copyOf(list);
        this.clock = clock;
        this.skew = config.clockSkew();
        this.revocations = revocations;
    }

    /** @return a parser for the allowed algorithms of one kind (HMAC or not) on {@code provider}, or null */
    private JwtParser parser(IssuerConfig config, Clock clock, boolean hmac, Provider provider) {
        List<SecureDigestAlgorithm<?, ?>> allowed = new ArrayList<>();
        for (String alg : algorithms) {
            if (JwsAlgorithm.named(alg).map(JwsAlgorithm::isHmac).orElse(false) == hmac) {
                allowed.add(Jwts.SIG.get().forKey(alg));
            }
        }
        if (allowed.isEmpty()) {
            return null;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        JacksonDeserializer<Map<String, ?>> json = new JacksonDeserializer(CompactToken.STRICT_JSON);
        JwtParserBuilder builder = Jwts.parser()
                .sig().clear().add(allowed).and()
                .keyLocator(locator)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(config.clockSkew().toSeconds())
                .requireIssuer(issuer)
                .json(json);
        if (provider != null) {
            builder.provider(provider);
        }
        return builder.build();
    }

    public String issuer() {
        return issuer;
    }

    /** @return whether {@code alg} is on this issuer's allow-list */
    public boolean allows(String alg) {
        return algorithms.contains(alg);
    }

    /**
     * @param token the compact token, already syntax-checked by {@link CompactToken}
     * @param alg   its header's {@code alg}, one this issuer {@link #allows(String) allows}: which parser runs
     * @param kid   its header's key id, for the result
     */
    Verification verify(String token, String alg, String kid) {
        Jws<Claims> jws;
        VerificationKey key;
        boolean hmac = JwsAlgorithm.named(alg).map(JwsAlgorithm::isHmac).orElse(false);
        JwtParser parser = hmac ? hmacParser : signatureParser;
        try {
            // A parser of the other kind would refuse it just the same: its allow-list lacks the algorithm.
            jws = (parser != null ? parser : hmac ? signatureParser : hmacParser).parseSignedClaims(token);
        } catch (RuntimeException e) {
            return JwtExceptions.keysUnavailable(e) ? new Verification.Unavailable(issuer, kid)
                    : new Verification.Rejected(JwtExceptions.reasonFor(e), issuer, kid);
        } finally {
            // Whatever the outcome, so that the container's pooled threads keep nothing of this parse.
            key = locator.takeLocated();
        }
        Claims claims = jws.getPayload();
        for (TokenValidator validator : validators) {
            Optional<Reason> failed = validator.validate(jws.getHeader(), claims);
            if (failed.isPresent()) {
                return new Verification.Rejected(failed.get(), issuer, kid);
            }
        }
        // JJWT has checked exp and nbf already, by the same rules; this adds iat, and is the very check a cache hit
        // runs again later, so both paths decide time the same way.
        TimeClaims times = TimeClaims.of(claims, skew);
        Optional<Reason> outOfTime = times.check(clock);
        if (outOfTime.isPresent()) {
            return new Verification.Rejected(outOfTime.get(), issuer, kid);
        }
        // Last, as on a cache hit: a revoked token is told so only once it is otherwise valid.
        if (RevocationClaims.of(claims).revoked(revocations, issuer, times, clock)) {
            return new Verification.Rejected(Reason.REVOKED, issuer, kid);
        }
        return new Verification.Verified(issuer, kid, jws.getHeader().getAlgorithm(), key, claims, times);
    }
}
