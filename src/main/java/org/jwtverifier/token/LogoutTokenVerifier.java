package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.config.RevocationConfig;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jwks.IssuerKeyStore;

/**
 * Validates a Logout Token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks, with the keys, algorithm
 * allow-list and clock skew of its issuer, the way access tokens of that issuer are verified (never key material
 * from the token's header):
 * <ol>
 *   <li>a signed JWT (§2.4), whose {@code typ}, when present, is {@code logout+jwt};</li>
 *   <li>signature by a key of the issuer's store, with an allowed algorithm (steps 2 and 3: as an ID Token);</li>
 *   <li>{@code iss} a configured issuer with back-channel logout enabled, {@code aud} containing its client id
 *       (step 4), {@code iat} present and neither in the future nor older than {@code logoutTokenMaxAge}
 *       (step 4, "within acceptable range"), {@code exp} when present not passed (JJWT, with the skew);</li>
 *   <li>{@code events} a JSON object with the member {@code http://schemas.openid.net/event/backchannel-logout},
 *       itself a JSON object (step 5);</li>
 *   <li>{@code sub} and/or {@code sid} present (step 6), {@code nonce} absent (step 7), {@code jti} present (for
 *       step 8, the replay check, which the caller makes: it spans requests).</li>
 * </ol>
 * Nothing about the token is trusted before its signature is verified, except its {@code iss}, which only picks
 * whose keys verify it.
 */
public final class LogoutTokenVerifier {
    /** The event a logout token carries (§2.4). */
    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** The outcome of validating one logout token. */
    public sealed interface Result {
    }

    /**
     * A valid logout token.
     *
     * @param sub the subject, or null
     * @param sid the session, or null
     * @param issuedAt its {@code iat}: when the provider ended the session, on the provider's clock
     * @param rememberUntil how long its {@code jti} must be remembered: until no copy of it could be accepted
     */
    public record Valid(String issuer, String jti, String sub, String sid, Instant issuedAt, Instant rememberUntil)
            implements Result {
    }

    /** @param why a short phrase for the {@code error_description}; never the token */
    public record Invalid(String why) implements Result {
    }

    private LogoutTokenVerifier() {
    }

    /**
     * @param keyStore the key store of an issuer, null when none is configured
     */
    public static Result verify(String token, VerifierConfig config,
                                java.util.function.Function<String, IssuerKeyStore> keyStore, Clock clock) {
        CompactToken peeked;
        try {
            peeked = CompactToken.peek(token);
        } catch (RejectedTokenException e) {
            return new Invalid(e.reason().message());
        }
        IssuerConfig issuer = peeked.iss() == null ? null : config.issuers().get(peeked.iss());
        IssuerKeyStore keys = issuer == null ? null : keyStore.apply(issuer.issuer());
        if (issuer == null || keys == null) {
            return new Invalid("The logout token's issuer is not trusted");
        }
        Optional<RevocationConfig.BackchannelLogoutConfig> logout =
                config.revocation().backchannelLogoutOf(issuer.issuer());
        if (logout.isEmpty()) {
            return new Invalid("Back-channel logout is not enabled for the logout token's issuer");
        }
        if (!issuer.algorithms().contains(peeked.alg())) {
            return new Invalid("The logout token's algorithm is not accepted");
        }
        Jws<Claims> jws;
        IssuerKeyLocator locator = new IssuerKeyLocator(keys);
        try {
            jws = parser(issuer, locator, clock).parseSignedClaims(token);
        } catch (RuntimeException e) {
            return new Invalid(JwtExceptions.keysUnavailable(e) ? "The issuer's keys are unavailable"
                    : "Logout token: " + JwtExceptions.reasonFor(e).message());
        } finally {
            locator.takeLocated();
        }
        return claims(jws, issuer, logout.get(), config.revocation().logoutTokenMaxAge(), clock);
    }

    private static JwtParser parser(IssuerConfig issuer, IssuerKeyLocator locator, Clock clock) {
        List<SecureDigestAlgorithm<?, ?>> allowed = new ArrayList<>();
        for (String alg : issuer.algorithms()) {
            allowed.add(Jwts.SIG.get().forKey(alg));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        JacksonDeserializer<Map<String, ?>> json = new JacksonDeserializer(CompactToken.STRICT_JSON);
        return Jwts.parser()
                .sig().clear().add(allowed).and()
                .keyLocator(locator)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(issuer.clockSkew().toSeconds())
                .requireIssuer(issuer.issuer())
                .json(json)
                .build();
    }

    private static Result claims(Jws<Claims> jws, IssuerConfig issuer, RevocationConfig.BackchannelLogoutConfig logout,
                                 Duration maxAge, Clock clock) {
        String typ = jws.getHeader().getType();
        if (typ != null) {
            String type = typ.toLowerCase(Locale.ROOT);
            if (!type.equals("logout+jwt") && !type.equals("application/logout+jwt")) {
                return new Invalid("The logout token's typ must be logout+jwt");
            }
        }
        Claims claims = jws.getPayload();
        Set<String> audience;
        Date issuedAt;
        String jti;
        try {
            audience = claims.getAudience();
            issuedAt = claims.getIssuedAt();
            jti = claims.getId();
        } catch (RuntimeException e) {
            return new Invalid("The logout token's aud, iat or jti is of the wrong type");
        }
        if (audience == null || !audience.contains(logout.clientId())) {
            return new Invalid("The logout token is not meant for this client (aud)");
        }
        if (issuedAt == null) {
            return new Invalid("The logout token has no iat");
        }
        Instant now = clock.instant();
        Duration skew = Duration.ofSeconds(issuer.clockSkew().toSeconds());
        Instant iat = issuedAt.toInstant();
        if (iat.isAfter(now.plus(skew))) {
            return new Invalid("The logout token is issued in the future");
        }
        if (iat.isBefore(now.minus(maxAge).minus(skew))) {
            return new Invalid("The logout token is too old (iat)");
        }
        if (!(claims.get("events") instanceof Map<?, ?> events)
                || !(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
            return new Invalid("The logout token lacks the back-channel logout event");
        }
        Object sub = claims.get("sub");
        Object sid = claims.get("sid");
        if ((sub != null && !(sub instanceof String)) || (sid != null && !(sid instanceof String))) {
            return new Invalid("The logout token's sub or sid is not a string");
        }
        if (blank((String) sub) && blank((String) sid)) {
            return new Invalid("The logout token has neither sub nor sid");
        }
        if (claims.containsKey("nonce")) {
            return new Invalid("The logout token must not contain a nonce");
        }
        if (blank(jti)) {
            return new Invalid("The logout token has no jti");
        }
        // A copy is refused as too old from iat + maxAge + skew on; remembered a skew longer for a clock step.
        Instant rememberUntil = iat.plus(maxAge).plus(skew).plus(skew);
        return new Valid(issuer.issuer(), jti, blank((String) sub) ? null : (String) sub,
                blank((String) sid) ? null : (String) sid, iat, rememberUntil);
    }

    private static boolean blank(String value) {
        return value == null || value.isEmpty();
    }
}
