package org.jwtverifier.jmx;

import java.util.Map;

/** Decision counters and latency of one deployment. Values are the same counters {@code /metrics} exposes. */
@Description("jwt-verifier decisions: counters by outcome, reason and issuer, and latency")
public interface VerifierMXBean {

    @Description("Requests admitted (200 with identity headers)")
    long getAdmittedCount();

    @Description("Requests rejected (400, 401, 403)")
    long getRejectedCount();

    @Description("Requests answered 503 because an issuer's keys could not be had")
    long getUnavailableCount();

    @Description("Decisions by reason code (admitted ones under 'verified'): expired, bad_signature, unknown_kid, ...")
    Map<String, Long> getDecisionsByReason();

    @Description("Decisions by issuer ('none' when the token named no configured issuer)")
    Map<String, Long> getDecisionsByIssuer();

    @Description("Median decision time in microseconds (upper bound of its histogram bucket)")
    long getLatencyP50Micros();

    @Description("99th percentile decision time in microseconds (upper bound of its histogram bucket)")
    long getLatencyP99Micros();

    @Description("Which JCA provider verifies each JWS algorithm, with its version (crypto.provider in the configuration)")
    Map<String, String> getSignatureProviders();

    @Action
    @Description("Set the decision counters and latency histogram back to zero")
    void resetCounters();
}
