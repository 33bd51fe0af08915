package org.jwtverifier.contract;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tomcat removes spaces and tabs around a header value before the application sees it (RFC 9110 §5.5: optional
 * whitespace is not part of the field value), and keeps whitespace inside it. Decider.bearerToken and the identity
 * header rules rely on it: a value the proxy or client padded arrives unpadded, so the application never sees
 * (and need not handle) whitespace at the ends of a header value.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatTrimsHeaderValueWhitespaceContractIT {

    @Deployment(testable = false)
    static WebArchive probe() {
        return ProbeDeployment.war();
    }

    @Test
    void headerValueWhenPaddedWithSpacesAndTabsThenArrivesTrimmedWithInnerWhitespaceKept() {
        assertEquals("[Bearer  a\tb]\n",
                ProbeDeployment.get("/header/Authorization", "Authorization: \t  Bearer  a\tb \t "));
    }

    @Test
    void headerValueWhenOnlyWhitespaceThenArrivesEmpty() {
        assertEquals("[]\n", ProbeDeployment.get("/header/X-Probe", "X-Probe: \t \t"));
    }
}
