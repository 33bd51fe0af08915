package org.jwtverifier.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tomcat's {@code HttpServletRequest.getQueryString()} is the query exactly as sent: not percent-decoded, {@code +}
 * kept, a malformed escape kept, repeated names kept, and it never fails. VerifyResource hands it to the decision
 * as is (TokenSources parses Caddy's appended query itself), so a query token is read the way it was sent and a
 * bad escape cannot turn into a container error.
 */
class TomcatRawQueryStringContractIT extends ProbeDeployedTest {

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
