package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * The configuration file exactly as the documented format shows it (top-level realm, clockSkew, maxTokenBytes,
 * identityHeaders; an issuer with jwksUri and one with a jwksFile given relative to the configuration file)
 * deploys and works.
 */
class ContractConfigIT extends DeployedVerifierTest {

    static TestIdp remote;
    static TestIdp fileBacked;

    @Deployment(testable = false)
    static WebArchive deployment() {
        remote = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
        fileBacked = closeAfterAll.add(TestIdp.start("https://files.example.com"));
        TestConfig.writeFile("ContractConfigIT/keys/files-jwks.json", fileBacked.jwksJson());
        Path config = TestConfig.writeFile("ContractConfigIT/jwt-verifier.yaml", """
                realm: jwt-verifier
                clockSkew: 60s          # durations: 500ms, 30s, 5m, 2h, 1d or ISO-8601 (PT1M)
                maxTokenBytes: 8192
                identityHeaders:        # claim -> response header
                  sub: X-User-Id
                  email: X-User-Email
                issuers:
                  - issuer: %s
                    jwksUri: %s
                    audiences: [api.example.com]
                    algorithms: [RS256, PS256, ES256, EdDSA]
                    keyCacheTtl: 5m
                  - issuer: %s
                    jwksFile: keys/files-jwks.json
                    audiences: [api.example.com]
                    keyCacheTtl: PT5M
                """.formatted(remote.issuer(), remote.jwksUri(), fileBacked.issuer()));
        return Deployments.war(config);
    }

    @Test
    void healthAndReady() {
        HttpResponse<String> health = client.get("/health");
        assertEquals(200, health.statusCode(), () -> describe(health));
        HttpResponse<String> ready = client.awaitOk("/ready", Duration.ofSeconds(15));
        assertEquals(200, ready.statusCode(), () -> describe(ready));
    }

    @Test
    void issuerWithJwksUri() {
        assertAdmitted(client.verify(remote.mint(Alg.PS256, "api.example.com", "alice", "alice@example.com")),
                "alice", "alice@example.com");
    }

    @Test
    void issuerWithRelativeJwksFile() {
        assertAdmitted(client.verify(fileBacked.mint(Alg.EdDSA, "api.example.com", "bob", "bob@example.com")),
                "bob", "bob@example.com");
    }
}
