package org.jwtverifier.contract;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tomcat's {@code HttpServletRequest.getQueryString()} is the query exactly as sent: not percent-decoded, {@code +}
 * kept, a malformed escape kept, repeated names kept, and it never fails. VerifyResource hands it to the decision
 * as is (TokenSources parses Caddy's appended query itself), so a query token is read the way it was sent and a
 * bad escape cannot turn into a container error.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatRawQueryStringContractIT {

    @Deployment(testable = false)
    static WebArchive probe() {
        return ProbeDeployment.war();
    }

    @Test
    void queryStringWhenItHoldsEscapesPlusAndBadEscapesThenReturnedAsSent() {
        String raw = "access_token=a%2Eb+c&access_token=%ZZ&x=%C3%A9&=&y";
        assertEquals("[" + raw + "]", ProbeDeployment.get("/query?" + raw));
    }

    @Test
    void queryStringWhenAbsentOrEmptyThenNullOrEmpty() {
        assertEquals("null", ProbeDeployment.get("/query"));
        assertEquals("[]", ProbeDeployment.get("/query?"));
    }
}
