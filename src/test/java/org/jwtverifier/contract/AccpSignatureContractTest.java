package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.BrokenSignatures;

/**
 * What the verifier relies on from the Amazon Corretto Crypto Provider 2.5.0 (AWS-LC) and from JJWT 0.13 with it:
 * <ul>
 *   <li>installed as the first provider, as {@code tomcat/conf/native-crypto.security} installs it, it is what
 *       {@code Signature.getInstance} picks for every JCA name JJWT asks for (RS256's {@code SHA256withRSA},
 *       PS256's {@code RSASSA-PSS}, ES256's {@code SHA256withECDSA}, EdDSA's {@code Ed25519}), for the JDK's own
 *       key objects; but not for Ed448, which it does not offer;</li>
 *   <li>JJWT's {@code JwtParserBuilder.provider} is the provider its verification uses, and JJWT verifies EdDSA
 *       with the generic JCA name {@code EdDSA} whatever the key's curve (it signs with the curve's name), so a
 *       provider handed to it must offer {@code EdDSA} for both curves, or hand each key to a provider that does;</li>
 *   <li>parity: tokens the JDK signed verify under it exactly as under the JDK, and every malformed signature
 *       (RFC 7518 §3.4's R and S of the wrong length, DER instead of R and S, R or S zero or out of range, a bit
 *       flipped) is refused by both, with the same JJWT exception, never another; (R, n - S) is accepted by both,
 *       as ECDSA allows;</li>
 *   <li>its health: the native library loaded, the self-tests pass.</li>
 * </ul>
 */
class AccpSignatureContractTest {
    private static final String ISSUER = "https://idp.example";
    private static Provider accp;

    @BeforeAll
    static void install() throws ReflectiveOperationException {
        Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
        accp = (Provider) type.getField("INSTANCE").get(null);
        assertEquals(1, Security.insertProviderAt(accp, 1));
    }

    @AfterAll
    static void uninstall() {
        // The other tests of this JVM run on the JDK's providers alone.
        Security.removeProvider(accp.getName());
    }

    @Test
    void healthyWithItsNativeLibraryAndVersion() throws ReflectiveOperationException {
        Class<?> type = accp.getClass();
        assertNull(type.getMethod("getLoadingError").invoke(accp));
        type.getMethod("assertHealthy").invoke(accp);
        assertEquals("PASSED", String.valueOf(type.getMethod("runSelfTests").invoke(accp)));
        assertEquals("AmazonCorrettoCryptoProvider", accp.getName());
        assertEquals("2.5.0", accp.getVersionStr());
    }

    @Test
    void firstProviderIsWhatSignatureGetInstancePicksForJjwtsJcaNames() throws Exception {
        Map<String, String> picked = new LinkedHashMap<>();
        for (Alg alg : Alg.values()) {
            PublicKey key = jdkKey(alg);
            String jcaName = switch (alg) {
                case RS256 -> "SHA256withRSA";
                case PS256 -> "RSASSA-PSS";
                case ES256 -> "SHA256withECDSA";
                case EdDSA -> "Ed25519";
            };
            Signature signature = Signature.getInstance(jcaName);
            if (alg == Alg.PS256) {
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            // Delayed provider selection: the provider is fixed by the key, at initVerify.
            signature.initVerify(key);
            picked.put(jcaName, signature.getProvider().getName());
        }
        Signature ed448 = Signature.getInstance("Ed448");
        ed448.initVerify(KeyPairGenerator.getInstance("Ed448", "SunEC").generateKeyPair().getPublic());
        picked.put("Ed448", ed448.getProvider().getName());
        assertEquals(Map.of("SHA256withRSA", accp.getName(), "RSASSA-PSS", accp.getName(),
                "SHA256withECDSA", accp.getName(), "Ed25519", accp.getName(), "Ed448", "SunEC"), picked);
    }

    @Test
    void jjwtVerifiesWithTheParsersProviderAndAsksForEdDsaByCurve() {
        SigningKey rsa = SigningKey.generate(Alg.RS256, "rsa");
        String token = valid(rsa);
        // SunJCE offers no RSA signature: a parser that really uses its provider cannot verify.
        Provider sunJce = Security.getProvider("SunJCE");
        JwtException e = org.junit.jupiter.api.Assertions.assertThrows(JwtException.class,
                () -> Jwts.parser().provider(sunJce).verifyWith(rsa.publicKey()).build().parseSignedClaims(token));
        assertTrue(String.valueOf(e.getMessage()).contains("SunJCE"), e.getMessage());
        assertEquals(ISSUER, Jwts.parser().provider(accp).verifyWith(rsa.publicKey()).build()
                .parseSignedClaims(token).getPayload().getIssuer());

        // Verifying EdDSA, JJWT asks its provider for Signature.EdDSA, not Signature.Ed25519.
        SigningKey ed = SigningKey.generate(Alg.EdDSA, "ed");
        JwtException noEdDsa = org.junit.jupiter.api.Assertions.assertThrows(JwtException.class,
                () -> Jwts.parser().provider(only("Ed25519")).verifyWith(ed.publicKey()).build()
                        .parseSignedClaims(valid(ed)));
        assertTrue(String.valueOf(noEdDsa.getMessage()).contains("'EdDSA'"), noEdDsa.getMessage());
        assertEquals(ISSUER, Jwts.parser().provider(only("EdDSA")).verifyWith(ed.publicKey()).build()
                .parseSignedClaims(valid(ed)).getPayload().getIssuer());
    }

    /** A provider offering nothing but ACCP's {@code Signature} service of that name. */
    private static Provider only(String jcaName) {
        Provider.Service target = accp.getService("Signature", jcaName);
        return new Provider("only-" + jcaName, "1", "test") {
            private static final long serialVersionUID = 1L;

            {
                putService(new Provider.Service(this, "Signature", jcaName, target.getClassName(), null, null) {
                    @Override
                    public Object newInstance(Object parameter) throws java.security.NoSuchAlgorithmException {
                        return target.newInstance(parameter);
                    }
                });
            }
        };
    }

    @Test
    void jdkSignedTokensAndEveryMalformedSignatureAreDecidedAlikeUnderAccpAndTheJdk() {
        for (Alg alg : Alg.values()) {
            SigningKey key = SigningKey.generate(alg, alg.name());
            Provider jdk = Security.getProvider(alg == Alg.RS256 || alg == Alg.PS256 ? "SunRsaSign" : "SunEC");
            for (Map.Entry<String, String> variant : variants(key).entrySet()) {
                String underJdk = outcome(jdk, key.publicKey(), variant.getValue());
                String underAccp = outcome(accp, key.publicKey(), variant.getValue());
                if (alg == Alg.EdDSA && variant.getKey().equals("one byte long")) {
                    // The one difference: RFC 8032 §5.1.7 makes an Ed25519 signature 64 octets. ACCP refuses 65
                    // (so does JDK 25); JDK 17.0.15's SunEC ignores what follows the 64th and accepts. The verifier
                    // refuses it on both (CompactToken checks an EdDSA signature's length before any provider).
                    assertEquals(SignatureException.class.getSimpleName(), underAccp);
                    continue;
                }
                assertEquals(underJdk, underAccp, alg + " " + variant.getKey());
                // ECDSA is malleable: (R, n - S) verifies as (R, S) does, under both providers alike; RFC 7518
                // §3.4 asks no canonical S, and a token so altered carries the same claims.
                boolean expectValid = variant.getKey().equals("valid") || variant.getKey().equals(BrokenSignatures.HIGH_S);
                assertEquals(expectValid, underAccp.equals("valid"), alg + " " + variant.getKey() + ": " + underAccp);
                if (!expectValid) {
                    assertTrue(underAccp.equals(SignatureException.class.getSimpleName())
                                    || underAccp.equals(MalformedJwtException.class.getSimpleName()),
                            alg + " " + variant.getKey() + ": " + underAccp);
                }
            }
        }
    }

    @Test
    void accpSignedTokensVerifyUnderTheJdk() throws Exception {
        for (Alg alg : Alg.values()) {
            SigningKey key = SigningKey.generate(alg, alg.name());
            String token = Jwts.builder().provider(accp).issuer(ISSUER)
                    .signWith(key.privateKey(), alg.jjwt()).compact();
            Provider jdk = Security.getProvider(alg == Alg.RS256 || alg == Alg.PS256 ? "SunRsaSign" : "SunEC");
            assertEquals("valid", outcome(jdk, key.publicKey(), token), alg.name());
        }
    }

    /** "valid", or the simple name of what JJWT threw; an exception that is no JwtException fails the test. */
    private static String outcome(Provider provider, PublicKey key, String token) {
        try {
            Jwts.parser().provider(provider).verifyWith(key).requireIssuer(ISSUER).build().parseSignedClaims(token);
            return "valid";
        } catch (JwtException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String valid(SigningKey key) {
        return key.issue(ISSUER, Instant.now(), Duration.ofMinutes(5)).compact();
    }

    /** A valid token, the same with its signature broken in each way ({@link BrokenSignatures}), and one signed
     *  by another key. */
    private static Map<String, String> variants(SigningKey key) {
        String token = valid(key);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("valid", token);
        v.putAll(BrokenSignatures.of(token, key.publicKey()));
        SigningKey other = SigningKey.generate(key.alg(), "other");
        String others = Jwts.builder().issuer(ISSUER).signWith(other.privateKey(), key.alg().jjwt()).compact();
        v.put("another key's", token.substring(0, token.lastIndexOf('.')) + others.substring(others.lastIndexOf('.')));
        return v;
    }

    private static PublicKey jdkKey(Alg alg) throws Exception {
        return switch (alg) {
            case RS256, PS256 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
                g.initialize(2048);
                yield g.generateKeyPair().getPublic();
            }
            case ES256 -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
                g.initialize(256);
                yield g.generateKeyPair().getPublic();
            }
            case EdDSA -> KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair().getPublic();
        };
    }
}
