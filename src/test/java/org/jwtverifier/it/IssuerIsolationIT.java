package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;

/**
 * Two issuers, A and B, whose key ids collide on purpose (both IdPs get the same kid tag):
 * a token is only ever checked against the keys of the issuer it names.
 */
class IssuerIsolationIT extends DeployedVerifierTest {

    static TestIdp idpA;
    static TestIdp idpB;

    @Deployment(testable = false)
    static WebArchive deployment() {
        String sharedKidTag = TestIdp.randomTag();
        idpA = closeAfterAll.add(TestIdp.start("https://idp-a.example.com", sharedKidTag));
        idpB = closeAfterAll.add(TestIdp.start("https://idp-b.example.com", sharedKidTag));
        return TestConfig.create()
                .issuerAllowingTestIdpAlgorithms(idpA, AUDIENCE)
                .issuerAllowingTestIdpAlgorithms(idpB, AUDIENCE)
                .war("IssuerIsolationIT");
    }

    @Test
    void readyWhenBothIssuersHaveKeys() {
        HttpResponse<String> r = client.awaitOk("/ready", Duration.ofSeconds(15));
        assertEquals(200, r.statusCode(), () -> describe(r));
    }

    @Test
    void eachIssuerWithItsOwnKeys() {
        assertAdmitted(client.verify(idpA.mint(Alg.RS256, AUDIENCE, "alice", "alice@a.example.com")),
                "alice", "alice@a.example.com");
        assertAdmitted(client.verify(idpB.mint(Alg.RS256, AUDIENCE, "bob", "bob@b.example.com")),
                "bob", "bob@b.example.com");
    }

    @Test
    void issuerASignedWithBsKeyIsRejected() {
        for (Alg alg : Alg.values()) {
            // B's key carries the same kid as A's key of that algorithm.
            String token = idpA.token(idpB.key(alg)).audience().add(AUDIENCE).and().subject("mallory").compact();
            assertEquals(idpA.key(alg).kid(), idpB.key(alg).kid());
            assertInvalidToken(client.verify(token), token);
        }
    }

    @Test
    void issuerBSignedWithAsKeyIsRejected() {
        String token = idpB.token(idpA.key(Alg.ES256)).audience().add(AUDIENCE).and().subject("mallory").compact();
        assertInvalidToken(client.verify(token), token);
    }

    @Test
    void issuerASignedWithBsRotatedKeyWithAFreshKidIsRejected() {
        // A kid that exists only at B: must not make the verifier look at B's keys for an A token.
        SigningKey fresh = SigningKey.generate(Alg.RS256, "only-at-b-" + TestIdp.randomTag());
        idpB.publish(fresh);
        String token = idpA.token(fresh).audience().add(AUDIENCE).and().subject("mallory").compact();
        assertInvalidToken(client.verify(token), token);
    }
}
