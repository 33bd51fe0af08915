package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.BrokenSignatures;

/**
 * Native signature verification as shipped: a Tomcat laid out and started as {@code tomcat/run.sh} does it
 * ({@link StandaloneTomcat}: {@code setenv.sh} puts the Amazon Corretto Crypto Provider first) verifies with it,
 * says so in {@code /ready}, in the {@code Verifier} MBean and in its start-up line; and it decides one set of tokens
 * of every algorithm the test IdP signs with (valid ones, and each broken in the ways a signature arrives broken)
 * exactly as the same Tomcat started with {@code NATIVE_CRYPTO=off}, on the JDK's providers. With the provider
 * left out, {@code crypto.provider: accp} stops the deployment with the reason.
 */
class NativeCryptoIT {
    private static final String AUDIENCE = "api.example.com";

    @Test
    void shippedTomcatVerifiesWithTheNativeProviderAndDecidesEveryTokenAsTheJdkDoes() throws Exception {
        try (TestIdp idp = TestIdp.start("https://idp.example.com/native-crypto")) {
            Path config = config("NativeCryptoIT", "tokenCache: {enabled: false}", idp);
            Map<String, String> tokens = tokens(idp);

            Map<String, String> withNative;
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("NativeCryptoIT-native", config)) {
                tomcat.start();
                Map<String, String> providers = readyProviders(tomcat);
                for (String alg : new String[]{"RS256", "PS256", "ES256", "HS256"}) {
                    assertEquals("AmazonCorrettoCryptoProvider 2.5.0", providers.get(alg), alg + " in " + providers);
                }
                assertTrue(providers.get("EdDSA").startsWith("Ed25519: AmazonCorrettoCryptoProvider 2.5.0, Ed448: SunEC"),
                        providers.toString());
                assertEquals(providers, jmxProviders(tomcat));
                withNative = decisions(tomcat, tokens);
                String log = tomcat.log();
                assertTrue(log.contains("verifies with crypto.provider auto; RS256 RS384 RS512 PS256 PS384 PS512 ES256"
                        + " ES384 ES512 HS256 HS384 HS512 by AmazonCorrettoCryptoProvider 2.5.0"), log);
            }

            Map<String, String> withJdk;
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("NativeCryptoIT-jdk", config)) {
                tomcat.env("NATIVE_CRYPTO", "off").start();
                Map<String, String> providers = readyProviders(tomcat);
                assertTrue(providers.get("RS256").startsWith("SunRsaSign "), providers.toString());
                assertTrue(providers.get("ES256").startsWith("SunEC "), providers.toString());
                assertTrue(providers.values().stream().noneMatch(p -> p.contains("Corretto")), providers.toString());
                withJdk = decisions(tomcat, tokens);
            }

            assertEquals(withJdk, withNative, "the same tokens, decided differently with the native provider");
            tokens.keySet().forEach(name -> {
                boolean admitted = name.endsWith(" valid") || name.endsWith(BrokenSignatures.HIGH_S);
                assertEquals(admitted, withNative.get(name).startsWith("200"), name + ": " + withNative.get(name));
            });
        }
    }

    @Test
    void requiredNativeProviderThatIsNotInstalledStopsTheDeploymentWithTheReason() throws IOException {
        try (TestIdp idp = TestIdp.start("https://idp.example.com/native-crypto-required")) {
            Path config = config("NativeCryptoIT-required", "crypto: {provider: accp}", idp);
            try (StandaloneTomcat tomcat = StandaloneTomcat.create("NativeCryptoIT-required", config)) {
                tomcat.env("NATIVE_CRYPTO", "off").start(404);
                String log = tomcat.log();
                assertTrue(log.contains("not started: crypto.provider is accp, but the AmazonCorrettoCryptoProvider"
                        + " cannot be used: it is not installed"), log);
            }
        }
    }

    /** Configuration {@code name}: {@code top}, and {@code idp} as the issuer with all its algorithms allowed. */
    private static Path config(String name, String top, TestIdp idp) {
        return TestConfig.create().top(top).freshKeyStore(name).issuerAllowingTestIdpAlgorithms(idp, AUDIENCE)
                .write(name);
    }

    /** Status and challenge of each token, by name. */
    private static Map<String, String> decisions(StandaloneTomcat tomcat, Map<String, String> tokens) {
        Map<String, String> decided = new TreeMap<>();
        tokens.forEach((name, token) -> {
            HttpResponse<String> r = tomcat.client().verify(token);
            decided.put(name, r.statusCode() + " " + r.headers().firstValue("WWW-Authenticate").orElse("")
                    + " " + r.headers().firstValue("X-User-Id").orElse(""));
        });
        return decided;
    }

    private static Map<String, String> readyProviders(StandaloneTomcat tomcat) throws IOException {
        JsonNode ready = Jackson.strictJson().readTree(tomcat.client().get("/ready").body());
        Map<String, String> providers = new LinkedHashMap<>();
        ready.path("signatureProviders").fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue().asText()));
        assertEquals(13, providers.size(), ready.toString());
        return providers;
    }

    /** The Verifier bean's SignatureProviders, read as a monitor reads it (the shipped demo credentials). */
    private static Map<String, String> jmxProviders(StandaloneTomcat tomcat) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + tomcat.jmxPort() + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url,
                Map.of(JMXConnector.CREDENTIALS, new String[]{"monitor", "monitor-demo"}))) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            TabularData table = (TabularData) connection.getAttribute(RemoteJmx.verifier(), "SignatureProviders");
            Map<String, String> providers = new LinkedHashMap<>();
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                providers.put((String) entry.get("key"), (String) entry.get("value"));
            }
            return providers;
        }
    }

    /** For each algorithm: a valid token, and the same broken in each way a signature arrives broken. */
    private static Map<String, String> tokens(TestIdp idp) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Alg alg : Alg.values()) {
            String token = idp.mint(alg, AUDIENCE, "alice", "alice@example.com");
            tokens.put(alg + " valid", token);
            BrokenSignatures.of(token, idp.key(alg).publicKey())
                    .forEach((name, broken) -> tokens.put(alg + " " + name, broken));
            SigningKey impostor = SigningKey.generate(alg, idp.key(alg).kid());
            tokens.put(alg + " signed by an impostor under the kid",
                    idp.token(impostor).audience().add(AUDIENCE).and().subject("mallory").compact());
            tokens.put(alg + " wrong audience", idp.mint(alg, "other.example.com", "alice", null));
        }
        // An RS256 header on a PS256 signature and the other way round: the algorithm is part of what is signed.
        String rs = tokens.get("RS256 valid");
        String ps = tokens.get("PS256 valid");
        tokens.put("RS256 header on a PS256 signature", rs.substring(0, rs.lastIndexOf('.')) + ps.substring(ps.lastIndexOf('.')));
        tokens.put("unsigned", Jwts.builder().issuer(idp.issuer()).audience().add(AUDIENCE).and().compact());
        return tokens;
    }
}
