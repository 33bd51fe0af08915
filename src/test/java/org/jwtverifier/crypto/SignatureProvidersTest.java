package org.jwtverifier.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.Jwts;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.ProviderChoice;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.SigningKey;

/**
 * Which provider verifies each algorithm, with the real Amazon Corretto Crypto Provider installed first, absent,
 * or present but reporting a native library that did not load (a provider of that name whose
 * {@code getLoadingError()} says so, as the real one does on a platform its library was not built for); and that
 * the provider handed to JJWT verifies every algorithm the test IdP signs with, Ed25519 and Ed448 alike.
 */
class SignatureProvidersTest {
    private static final String ISSUER = "https://idp.example";

    @AfterEach
    void uninstall() {
        Security.removeProvider(NativeProvider.NAME);
    }

    @Test
    void withoutTheNativeProviderTheJdksVerifyAndAccpIsRefused() {
        SignatureProviders auto = SignatureProviders.resolve(ProviderChoice.AUTO);
        Map<String, String> by = auto.byAlgorithm();
        String jdk = " " + System.getProperty("java.specification.version");
        assertEquals("SunRsaSign" + jdk, by.get("RS256"));
        assertEquals("SunRsaSign" + jdk, by.get("PS256"));
        assertEquals("SunEC" + jdk, by.get("ES256"));
        assertEquals("Ed25519: SunEC" + jdk + ", Ed448: SunEC" + jdk, by.get("EdDSA"));
        assertEquals("SunJCE" + jdk, by.get("HS256"));
        assertEquals(Optional.empty(), auto.nativeProviderPassedOver());
        assertEquals(by, SignatureProviders.resolve(ProviderChoice.JDK).byAlgorithm());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignatureProviders.resolve(ProviderChoice.ACCP));
        assertEquals("crypto.provider is accp, but the AmazonCorrettoCryptoProvider cannot be used: it is not installed",
                e.getMessage());
    }

    @Test
    void installedFirstItVerifiesWhatItOffersAndJdkChoiceStillGetsTheJdks() throws Exception {
        Security.insertProviderAt(accp(), 1);
        for (ProviderChoice choice : new ProviderChoice[]{ProviderChoice.AUTO, ProviderChoice.ACCP}) {
            Map<String, String> by = SignatureProviders.resolve(choice).byAlgorithm();
            for (String alg : new String[]{"RS256", "RS512", "PS256", "ES256", "ES512", "HS256"}) {
                assertEquals("AmazonCorrettoCryptoProvider 2.5.0", by.get(alg), choice + " " + alg);
            }
            assertTrue(by.get("EdDSA").matches("Ed25519: AmazonCorrettoCryptoProvider 2\\.5\\.0, Ed448: SunEC \\d+"),
                    by.get("EdDSA"));
        }
        Map<String, String> jdk = SignatureProviders.resolve(ProviderChoice.JDK).byAlgorithm();
        assertTrue(jdk.values().stream().noneMatch(p -> p.contains("Corretto")), jdk.toString());
        assertTrue(SignatureProviders.resolve(ProviderChoice.AUTO).summary().startsWith("crypto.provider auto; RS256 "
                + "RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 HS256 HS384 HS512 by AmazonCorrettoCryptoProvider"
                + " 2.5.0; EdDSA by Ed25519: AmazonCorrettoCryptoProvider 2.5.0, Ed448: SunEC"));
    }

    @Test
    void anUnhealthyNativeProviderIsPassedOverSaidSoAndAccpRefused() {
        Security.insertProviderAt(new Unloaded(), 1);
        SignatureProviders auto = SignatureProviders.resolve(ProviderChoice.AUTO);
        assertTrue(auto.byAlgorithm().get("RS256").startsWith("SunRsaSign "), auto.byAlgorithm().toString());
        assertEquals(Optional.of("its native library did not load: java.lang.UnsatisfiedLinkError: "
                + "no amazonCorrettoCryptoProvider"), auto.nativeProviderPassedOver());
        assertTrue(auto.summary().endsWith("(AmazonCorrettoCryptoProvider installed but not used: its native library"
                + " did not load: java.lang.UnsatisfiedLinkError: no amazonCorrettoCryptoProvider)"), auto.summary());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignatureProviders.resolve(ProviderChoice.ACCP));
        assertTrue(e.getMessage().endsWith("cannot be used: its native library did not load: "
                + "java.lang.UnsatisfiedLinkError: no amazonCorrettoCryptoProvider"), e.getMessage());
    }

    @Test
    void theProviderHandedToJjwtVerifiesEveryAlgorithmIncludingEd448() throws Exception {
        Security.insertProviderAt(accp(), 1);
        for (ProviderChoice choice : ProviderChoice.values()) {
            Provider forSignatures = SignatureProviders.resolve(choice).forSignatures();
            for (Alg alg : Alg.values()) {
                SigningKey key = SigningKey.generate(alg, "k");
                String token = key.issue(ISSUER, Instant.now(), Duration.ofMinutes(1)).compact();
                assertEquals(ISSUER, Jwts.parser().provider(forSignatures).verifyWith(key.publicKey()).build()
                        .parseSignedClaims(token).getPayload().getIssuer(), choice + " " + alg);
            }
            java.security.KeyPair ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair();
            String token = Jwts.builder().issuer(ISSUER).signWith(ed448.getPrivate(), Jwts.SIG.EdDSA).compact();
            assertEquals(ISSUER, Jwts.parser().provider(forSignatures).verifyWith(ed448.getPublic()).build()
                    .parseSignedClaims(token).getPayload().getIssuer(), choice + " Ed448");
        }
    }

    private static Provider accp() throws ReflectiveOperationException {
        return (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                .getField("INSTANCE").get(null);
    }

    /**
     * Named as the native provider and offering an RSA signature, but whose library did not load: the real
     * provider reports that through these two methods.
     */
    public static final class Unloaded extends Provider {
        private static final long serialVersionUID = 1L;

        Unloaded() {
            super(NativeProvider.NAME, "2.5.0", "a native provider whose library did not load");
            Service rsa = Security.getProvider("SunRsaSign").getService("Signature", "SHA256withRSA");
            putService(new Service(this, "Signature", "SHA256withRSA", rsa.getClassName(), null, null));
        }

        public Throwable getLoadingError() {
            return new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider");
        }

        public void assertHealthy() {
            throw new IllegalStateException("not healthy");
        }
    }
}
