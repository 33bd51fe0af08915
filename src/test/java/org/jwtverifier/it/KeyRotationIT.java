package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;
import java.time.Duration;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * A discovery document that names another issuer than the configured one: refused, its JWKS never fetched, the
 * issuer without keys (503 for its tokens). On a deployment of its own, as that issuer stays unusable and /ready
 * with it. The other key changes at the IdP are steps of the container suite
 * ({@code org.jwtverifier.containers.KeyRotationCases}), run on every container.
 */
class KeyRotationIT extends DeployedVerifierTest {

    /** Its discovery document names https://impostor.example.com, not the configured issuer (its own URL). */
    static TestIdp impostor;

    RemoteJmx jmx;

    @Deployment(testable = false)
    static WebArchive deployment() {
        impostor = closeAfterAll.add(TestIdp.start("https://impostor.example.com"));
        return TestConfig.create()
                .freshKeyStore("KeyRotationIT")
                .issuer(impostor.baseUrl(), "discovery: true", "minRefreshInterval: 1s")
                .war("KeyRotationIT");
    }

    @BeforeEach
    void connect() {
        jmx = RemoteJmx.connect();
    }

    @AfterEach
    void disconnect() {
        jmx.close();
    }

    @Test
    void discoveryDocumentNamingAnotherIssuerIsRefused() {
        String configured = impostor.baseUrl();
        ObjectName bean = RemoteJmx.keyStore(configured);
        Await.until(Duration.ofSeconds(15), () -> impostor.discoveryFetchCount() >= 1
                        && jmx.get(bean, "LastError") != null,
                () -> "no discovery attempt: " + impostor.discoveryFetchCount());
        String error = (String) jmx.get(bean, "LastError");
        assertTrue(error.contains("names another issuer"), error);
        assertFalse((Boolean) jmx.get(bean, "Usable"));
        assertEquals(0, impostor.fetchCount(), "the JWKS named by a foreign discovery document is never fetched");

        // A token naming the configured issuer, signed with the impostor's published key: no keys, 503.
        String token = impostor.token(Alg.RS256).issuer(configured).audience().add(AUDIENCE).and()
                .subject("mallory").compact();
        HttpResponse<String> r = client.verify(token);
        assertEquals(503, r.statusCode(), () -> describe(r));
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), () -> describe(r));
        assertTrue(r.headers().allValues("X-User-Id").isEmpty(), () -> describe(r));
        assertEquals(0, impostor.fetchCount());
    }
}
