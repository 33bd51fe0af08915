package org.jwtverifier.token;

import org.jwtverifier.testsupport.SigningKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.jwtverifier.verdict.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.testsupport.Tokens;

class JwtTokenVerifierTest {
    static final String ISSUER_A = "https://a.example";
    static final String ISSUER_B = "https://b.example";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final PersistedKeySets persisted = PersistedKeySets.open(null);
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(Map.of(
            ISSUER_A, issuer(ISSUER_A, TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED)),
                    IssuerConfig.DEFAULT_ALGORITHMS),
            ISSUER_B, issuer(ISSUER_B, TestKeys.jwks(List.of(TestKeys.RSA_OTHER)), Set.of("RS256"))));

    @AfterEach
    void close() {
        persisted.close();
    }

    private IssuerVerifier issuer(String iss, String jwks, Set<String> algorithms) {
        return issuer(iss, new ScriptedSource(clock, jwks), algorithms, false);
    }

    private IssuerVerifier issuer(String iss, ScriptedSource keys, Set<String> algorithms,
                                  boolean requireAccessTokenType) {
        return TestIssuers.verifier(TestIssuers.config(iss, algorithms, requireAccessTokenType), keys, persisted,
                clock);
    }

    private io.jsonwebtoken.JwtBuilder valid(SigningKey key) {
        Instant now = clock.instant();
        return key.sign().issuer(ISSUER_A).audience().add("api").and().subject("alice")
                .claim("email", "alice@example.com").issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(300)));
    }

    private Reason rejection(String token) {
        return assertInstanceOf(Verification.Rejected.class, verifier.verify(token)).reason();
    }

    @Test
    void verifyWhenValidRs256Es256EdDsaAndPs256ThenVerifiedWithClaims() {
        for (SigningKey key : List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED)) {
            Verification.Verified ok = assertInstanceOf(Verification.Verified.class,
                    verifier.verify(valid(key).compact()), key.alg().jwsName());
            assertEquals("alice", ok.claims().get("sub"));
            assertEquals(ISSUER_A, ok.issuer());
            assertEquals(key.kid(), ok.kid());
        }
        String ps256 = valid(TestKeys.RSA).signWith(TestKeys.RSA.privateKey(), Jwts.SIG.PS256).compact();
        // The JWK states alg RS256, so the same key must not verify PS256 (RFC 8725 §3.1).
        assertEquals(Reason.KEY_MISMATCH, rejection(ps256));
    }

    @Test
    void verifyWhenJwkStatesNoAlgThenPs256IsAccepted() {
        String jwks = "{\"keys\":[" + TestKeys.RSA.publicJwkJson().replace(",\"alg\":\"RS256\"", "") + "]}";
        JwtTokenVerifier open = new JwtTokenVerifier(Map.of(ISSUER_A, issuer(ISSUER_A, jwks, Set.of("PS256"))));
        String ps256 = valid(TestKeys.RSA).signWith(TestKeys.RSA.privateKey(), Jwts.SIG.PS256).compact();
        assertInstanceOf(Verification.Verified.class, open.verify(ps256));
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenExpired() {
        String token = valid(TestKeys.RSA).expiration(Date.from(clock.instant().minusSeconds(61))).compact();
        assertEquals(Reason.EXPIRED, rejection(token));
        String withinSkew = valid(TestKeys.RSA).expiration(Date.from(clock.instant().minusSeconds(59))).compact();
        assertInstanceOf(Verification.Verified.class, verifier.verify(withinSkew));
    }

    @Test
    void verifyWhenNotBeforeInTheFutureThenNotYetValid() {
        String token = valid(TestKeys.RSA).notBefore(Date.from(clock.instant().plusSeconds(120))).compact();
        assertEquals(Reason.NOT_YET_VALID, rejection(token));
    }

    @Test
    void verifyWhenIssuedInTheFutureThenRejected() {
        String token = valid(TestKeys.RSA).issuedAt(Date.from(clock.instant().plusSeconds(120))).compact();
        assertEquals(Reason.ISSUED_IN_FUTURE, rejection(token));
    }

    /** A valid token of issuer A signed as JSON by Jackson, with {@code claim} set to {@code value}. */
    private String withRawClaim(String claim, Object value) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER_A);
        claims.put("aud", "api");
        claims.put("sub", "alice");
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put(claim, value);
        return Tokens.sign(Tokens.header("RS256", TestKeys.RSA.kid()), claims, TestKeys.RSA.privateKey());
    }

    @Test
    void verifyWhenExpNbfOrIatIsNotAJsonNumberThenMalformedClaim() {
        long now = clock.instant().getEpochSecond();
        List<Object> notNumbers = new ArrayList<>(List.of(String.valueOf(now + 300), "2026-06-01T12:05:00Z", true,
                List.of(now), Map.of("seconds", now)));
        notNumbers.add(null);
        for (String claim : List.of("exp", "nbf", "iat")) {
            for (Object value : notNumbers) {
                assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim(claim, value)), claim + ": " + value);
            }
        }
    }

    @Test
    void verifyWhenNumericDateIsTooLargeForJjwtToReadThenMalformedClaim() {
        // JJWT would read nbf 1e300 as 1969 and 2^64 + now as `now` seconds: a token meant for later, admitted.
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("nbf", 1.0e300)));
        BigInteger wraps = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(clock.instant().getEpochSecond()));
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("nbf", wraps)));
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("exp", wraps)));
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("iat", -1.0e300)));
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("exp", Long.MIN_VALUE)));
        assertInstanceOf(Verification.Verified.class, verifier.verify(withRawClaim("exp", 253_402_300_799L)),
                "9999-12-31T23:59:59Z is the last accepted");
        assertEquals(Reason.MALFORMED_CLAIM, rejection(withRawClaim("exp", 253_402_300_800L)));
    }

    @Test
    void verifyWhenTimeClaimsAreFractionsThenTheyAreNumericDates() {
        long now = clock.instant().getEpochSecond();
        assertInstanceOf(Verification.Verified.class, verifier.verify(withRawClaim("exp", now + 300.5)));
        assertInstanceOf(Verification.Verified.class, verifier.verify(withRawClaim("nbf", now - 0.25)));
        assertInstanceOf(Verification.Verified.class, verifier.verify(withRawClaim("iat", now + 0.5)));
        assertEquals(Reason.EXPIRED, rejection(withRawClaim("exp", now - 60.5)), "60.5 s ago is beyond the skew");
    }

    @Test
    void verifyWhenNoExpiryThenMissingExpiry() {
        String token = valid(TestKeys.RSA).expiration(null).compact();
        assertEquals(Reason.MISSING_EXPIRY, rejection(token));
    }

    @Test
    void verifyWhenAccessTokenTypeRequiredThenOnlyAtJwtInAnyCaseIsAccepted() {
        ScriptedSource keys = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA)));
        JwtTokenVerifier strict = new JwtTokenVerifier(Map.of(ISSUER_A, issuer(ISSUER_A, keys, Set.of("RS256"), true)));
        for (String typ : List.of("at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt")) {
            assertInstanceOf(Verification.Verified.class,
                    strict.verify(valid(TestKeys.RSA).header().type(typ).and().compact()), typ);
        }
        List<String> notAccessTokens = new ArrayList<>(List.of("JWT", "jwt", "application/jwt", "at+jwt ", "at"));
        notAccessTokens.add(null);
        for (String typ : notAccessTokens) {
            Verification verification = strict.verify(valid(TestKeys.RSA).header().type(typ).and().compact());
            assertEquals(Reason.WRONG_TOKEN_TYPE,
                    assertInstanceOf(Verification.Rejected.class, verification, typ).reason(), typ);
        }
        // The header is judged before the claims: a JWT without exp is told it is not an access token.
        Verification noExpiry = strict.verify(valid(TestKeys.RSA).header().type("JWT").and().expiration(null)
                .compact());
        assertEquals(Reason.WRONG_TOKEN_TYPE, assertInstanceOf(Verification.Rejected.class, noExpiry).reason());
    }

    @Test
    void verifyWhenAccessTokenTypeNotRequiredThenAnyOrNoTypIsAccepted() {
        for (String typ : Arrays.asList("JWT", "at+jwt", "anything", null)) {
            assertInstanceOf(Verification.Verified.class,
                    verifier.verify(valid(TestKeys.RSA).header().type(typ).and().compact()), typ);
        }
    }

    @Test
    void verifyWhenTheIssuerHoldsNoKeysAndNoneCanBeFetchedThenUnavailableWithoutAVerdict() {
        ScriptedSource down = new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA)));
        down.fail();
        JwtTokenVerifier outage = new JwtTokenVerifier(Map.of(ISSUER_A,
                issuer(ISSUER_A, down, Set.of("RS256"), false)));
        assertEquals(new Verification.Unavailable(ISSUER_A, TestKeys.RSA.kid()),
                outage.verify(valid(TestKeys.RSA).compact()));
        // Not a verdict on the token: a forged one is not found out either, it is just as unverifiable.
        String forged = valid(TestKeys.RSA_OTHER).header().keyId(TestKeys.RSA.kid()).and().compact();
        assertEquals(new Verification.Unavailable(ISSUER_A, TestKeys.RSA.kid()), outage.verify(forged));
    }

    @Test
    void verifyWhenIssuerUnknownOrAbsentThenUnknownIssuer() {
        assertEquals(Reason.UNKNOWN_ISSUER, rejection(valid(TestKeys.RSA).issuer("https://evil").compact()));
        assertEquals(Reason.UNKNOWN_ISSUER, rejection(valid(TestKeys.RSA).issuer(null).compact()));
        assertEquals(Reason.UNKNOWN_ISSUER, rejection(valid(TestKeys.RSA).issuer(ISSUER_A + "/").compact()));
    }

    @Test
    void verifyWhenSignedByAnotherIssuersKeyThenKeysDoNotCross() {
        // B's key, B's kid, but claiming issuer A: A's store does not hold that kid.
        String token = valid(TestKeys.RSA_OTHER).compact();
        assertEquals(Reason.UNKNOWN_KID, rejection(token));
        // A's key and kid, claiming issuer B.
        String other = valid(TestKeys.RSA).issuer(ISSUER_B).compact();
        assertEquals(Reason.UNKNOWN_KID, rejection(other));
    }

    @Test
    void verifyWhenAlgNoneThenUnsupportedAlgorithm() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"" + ISSUER_A + "\",\"aud\":\"api\",\"sub\":\"x\",\"exp\":9999999999}");
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(header + "." + payload + "."));
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(header + "." + payload + ".c2ln"));
    }

    @Test
    void verifyWhenHs256SignedWithTheRsaPublicKeyThenRejected() {
        byte[] publicBytes = TestKeys.RSA.publicKey().getEncoded();
        String token = Jwts.builder().header().keyId(TestKeys.RSA.kid()).and().issuer(ISSUER_A).audience().add("api")
                .and().expiration(Date.from(clock.instant().plusSeconds(60)))
                .signWith(new SecretKeySpec(publicBytes, "HmacSHA256"), Jwts.SIG.HS256).compact();
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, rejection(token));
    }

    @Test
    void verifyWhenSignatureFromAnotherKeyThenBadSignature() {
        String token = valid(TestKeys.RSA_OTHER).header().keyId(TestKeys.RSA.kid()).and().compact();
        assertEquals(Reason.BAD_SIGNATURE, rejection(token));
    }

    @Test
    void verifyWhenKidUnknownThenUnknownKid() {
        assertEquals(Reason.UNKNOWN_KID, rejection(valid(TestKeys.RSA).header().keyId("nope").and().compact()));
    }

    @Test
    void verifyWhenHeaderCarriesAnAttackerJwkThenTheJwkIsNotUsed() {
        // Signed with B's key, which is embedded as `jwk` and advertised by `jku` and `x5u`; only A's store decides.
        PublicJwk<?> attacker = Jwks.builder().key(TestKeys.RSA_OTHER.publicKey()).build();
        String token = valid(TestKeys.RSA_OTHER).header().keyId(TestKeys.RSA.kid()).jwk(attacker)
                .jwkSetUrl(URI.create("http://127.0.0.1:1/jwks.json")).x509Url(URI.create("http://127.0.0.1:1/c"))
                .and().compact();
        assertEquals(Reason.BAD_SIGNATURE, rejection(token));
        String noKid = valid(TestKeys.RSA_OTHER).header().keyId(null).jwk(attacker).and().compact();
        assertEquals(Reason.BAD_SIGNATURE, rejection(noKid));
    }

    @Test
    void verifyWhenUnknownCriticalHeaderThenRejected() {
        String token = valid(TestKeys.RSA).header().critical().add("exp").and().add("exp", 1).and().compact();
        assertEquals(Reason.UNSUPPORTED_HEADER, rejection(token));
        String b64 = valid(TestKeys.RSA).header().add("b64", false).and().compact();
        assertEquals(Reason.UNSUPPORTED_HEADER, rejection(b64));
    }

    @Test
    void verifyWhenSyntaxIsNotStrictCompactSerialisationThenMalformed() {
        String good = valid(TestKeys.RSA).compact();
        String[] parts = good.split("\\.");
        List<String> bad = List.of(
                parts[0] + "." + parts[1],
                good + ".x",
                parts[0] + "=." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "==." + parts[2],
                parts[0] + "." + parts[1].replace('-', '+') + "/." + parts[2],
                b64("not json") + "." + parts[1] + "." + parts[2],
                b64("[1,2]") + "." + parts[1] + "." + parts[2],
                b64("{\"alg\":\"RS256\",\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2],
                B64.encodeToString(new byte[]{'{', '"', (byte) 0xC3, '"', ':', '1', '}'}) + "." + parts[1] + "." + parts[2],
                "." + parts[1] + "." + parts[2],
                "a.b.c",
                "");
        for (String token : bad) {
            assertEquals(Reason.MALFORMED_TOKEN, rejection(token), token);
        }
    }

    @Test
    void verifyWhenLastCharacterHasStrayBitsThenMalformed() {
        String good = valid(TestKeys.RSA).compact();
        String[] parts = good.split("\\.");
        String header = parts[0];
        char last = header.charAt(header.length() - 1);
        if (header.length() % 4 != 0) {
            String altered = header.substring(0, header.length() - 1) + (char) (last + 1);
            assertEquals(Reason.MALFORMED_TOKEN, rejection(altered + "." + parts[1] + "." + parts[2]));
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
