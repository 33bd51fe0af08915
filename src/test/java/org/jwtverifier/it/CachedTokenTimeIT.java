package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.Tokens;

/**
 * Through a real Tomcat, with the token cache on (the default) and no clock skew: a token the cache admitted is
 * rejected as expired once its {@code exp} has passed, and a token whose {@code exp} is a JSON string is rejected
 * as {@code malformed_claim} every time it is sent.
 */
class CachedTokenTimeIT extends DeployedVerifierTest {
    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
        return TestConfig.create().clockSkew("0s").issuerAllowingTestIdpAlgorithms(idp, AUDIENCE)
                .war("CachedTokenTimeIT");
    }

    @Test
    void verifyWhenCachedTokenExpiresThenRejectedAsExpired() throws InterruptedException {
        Map<String, Object> claims = Tokens.validClaims(idp.issuer(), AUDIENCE, "alice");
        long exp = Instant.now().getEpochSecond() + 2;
        claims.put("exp", exp);
        String token = Tokens.sign(idp.key(Alg.RS256), claims);
        assertAdmitted(client.verify(token), "alice", "alice@example.com");
        assertAdmitted(client.verify(token), "alice", "alice@example.com");

        // JJWT admits up to exactly exp (whole seconds): wait until the second after it has begun.
        long wait = Duration.between(Instant.now(), Instant.ofEpochSecond(exp + 1).plusMillis(50)).toMillis();
        Thread.sleep(Math.max(0, wait));
        assertEquals("The token has expired",
                assertInvalidToken(client.verify(token), token).param("error_description"));
    }

    @Test
    void verifyWhenExpIsAJsonStringThenMalformedClaimEveryTime() {
        Map<String, Object> claims = Tokens.validClaims(idp.issuer(), AUDIENCE, "alice");
        claims.put("exp", String.valueOf(Instant.now().getEpochSecond() + 300));
        String token = Tokens.sign(idp.key(Alg.RS256), claims);
        for (int i = 0; i < 2; i++) {
            assertEquals("A time claim of the token is not a NumericDate",
                    assertInvalidToken(client.verify(token), token).param("error_description"));
        }
    }
}
