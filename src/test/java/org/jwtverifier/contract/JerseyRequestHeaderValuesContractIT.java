package org.jwtverifier.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jersey's {@code HttpHeaders.getRequestHeader(name)} on Tomcat returns one value per header line, in order, and
 * never splits a value at commas. Decider relies on both: two {@code Authorization} lines must be seen as two
 * (400 invalid_request, RFC 6750 §2), and one line holding a comma is one malformed credential, not two.
 */
class JerseyRequestHeaderValuesContractIT extends ProbeDeployedTest {

    @Test
    void authorizationWhenSentOnTwoLinesThenTwoValuesInOrder() {
        assertEquals("[Bearer first]\n[Bearer second]\n", ProbeDeployment.get("/header/Authorization",
                "Authorization: Bearer first", "Authorization: Bearer second"));
    }

    @Test
    void authorizationWhenOneLineHoldsCommasThenOneValueUnsplit() {
        assertEquals("[Bearer a, Bearer b,c]\n",
                ProbeDeployment.get("/header/Authorization", "Authorization: Bearer a, Bearer b,c"));
    }

    @Test
    void headerNameWhenSpelledInAnotherCaseThenTheSameHeader() {
        assertEquals("[Bearer x]\n[Bearer y]\n", ProbeDeployment.get("/header/authorization",
                "AUTHORIZATION: Bearer x", "authorization: Bearer y"));
    }
}
