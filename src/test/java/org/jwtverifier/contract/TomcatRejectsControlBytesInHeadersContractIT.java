package org.jwtverifier.contract;

import org.junit.jupiter.api.Test;
import org.jwtverifier.e2e.RawHttpConnection;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tomcat answers 400 itself to a header value holding NUL or another control character other than HTAB (RFC 9110
 * §5.5), and the application never sees the request. The verifier relies on it: no token with a control byte
 * reaches the decision, and the regression tests of what Tomcat logs about such requests depend on Tomcat being the
 * one that refuses them.
 */
class TomcatRejectsControlBytesInHeadersContractIT extends ProbeDeployedTest {

    @Test
    void headerWhenItHoldsAControlByteThenTomcatAnswers400WithoutCallingTheApplication() {
        long before = Long.parseLong(ProbeDeployment.get("/calls"));
        for (String bad : List.of("\u0000", "\u0001", "\u001f", "\u007f", "\r")) {
            RawHttpConnection.Response r = ProbeDeployment.send("GET " + ProbeDeployment.CONTEXT
                    + "/header/Authorization HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer a" + bad + "b");
            assertEquals(400, r.status(), () -> "control byte " + (int) bad.charAt(0) + ": " + r);
        }
        assertEquals(before, Long.parseLong(ProbeDeployment.get("/calls")), "the application saw a refused request");
    }
}
