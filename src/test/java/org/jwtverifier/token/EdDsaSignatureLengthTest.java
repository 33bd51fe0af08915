package org.jwtverifier.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.IssuerConfig;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.testsupport.MutableClock;
import org.jwtverifier.testsupport.ScriptedSource;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestIssuers;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.verdict.Reason;

/**
 * An EdDSA signature is 64 octets (Ed25519) or 114 (Ed448), RFC 8032 §5.1.7 and §5.2.7. JDK 17.0.15's SunEC
 * accepts a valid Ed25519 signature with an octet appended; the Amazon Corretto Crypto Provider (and JDK 25) refuse it
 * ({@code AccpSignatureContractTest}): the verifier refuses every other length before a provider sees it, so its
 * decision is the same on either, and tokens of every algorithm verify on both.
 */
class EdDsaSignatureLengthTest {
    private static final String ISSUER = "https://a.example";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final PersistedKeySets persisted = PersistedKeySets.open(null);

    @AfterEach
    void close() {
        persisted.close();
        Security.removeProvider("AmazonCorrettoCryptoProvider");
    }

    private JwtTokenVerifier verifier() {
        return new JwtTokenVerifier(Map.of(ISSUER, TestIssuers.verifier(
                TestIssuers.config(ISSUER, IssuerConfig.DEFAULT_ALGORITHMS),
                new ScriptedSource(clock, TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED))), persisted,
                clock)));
    }

    private String valid(SigningKey key) {
        return key.issue(ISSUER, clock.instant(), Duration.ofMinutes(5)).audience().add(TestIssuers.AUDIENCE).and()
                .subject("alice").compact();
    }

    @Test
    void everyLengthButTheCurvesIsABadSignatureOnTheJdkAndOnTheNativeProvider() throws Exception {
        for (boolean nativeProvider : new boolean[]{false, true}) {
            if (nativeProvider) {
                Security.insertProviderAt((Provider) Class.forName(
                        "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider").getField("INSTANCE")
                        .get(null), 1);
            }
            JwtTokenVerifier verifier = verifier();
            for (SigningKey key : List.of(TestKeys.RSA, TestKeys.EC, TestKeys.ED)) {
                assertInstanceOf(Verification.Verified.class, verifier.verify(valid(key)),
                        key.alg() + (nativeProvider ? " native" : " jdk"));
            }
            String token = valid(TestKeys.ED);
            int dot = token.lastIndexOf('.');
            byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            for (int length : new int[]{0, 1, 63, 65, 96, 113, 114, 115, 128}) {
                String altered = token.substring(0, dot + 1)
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sig, length));
                Verification v = verifier.verify(altered);
                assertEquals(length == 0 ? Reason.MALFORMED_TOKEN : Reason.BAD_SIGNATURE,
                        assertInstanceOf(Verification.Rejected.class, v, length + " octets").reason(),
                        length + " octets" + (nativeProvider ? " native" : " jdk"));
            }
        }
    }
}
