package org.jwtverifier.jmx;

/** RFC 7662 introspection of one issuer's tokens: calls, failures, the remembered answers; flush. */
@Description("Token introspection (RFC 7662) of one issuer: calls, failures, remembered answers; flush")
public interface IntrospectionMXBean {

    @Description("The issuer (exact iss value)")
    String getIssuer();

    @Description("The introspection endpoint asked (scheme, host, path), or the discovery document it is read from")
    String getEndpoint();

    @Description("Whether the issuer's JWTs are introspected too, not only tokens that are not JWTs")
    boolean isIntrospectJwts();

    @Description("Calls made to the endpoint since the configuration was loaded")
    long getCalls();

    @Description("Calls that gave no usable answer (errors, timeouts, answers that are not RFC 7662 JSON)")
    long getFailures();

    @Description("Requests answered 503 because maxConcurrent calls were in flight for all of maxWait")
    long getBusyRefusals();

    @Description("Calls in flight now")
    int getInFlight();

    @Description("Answers remembered now")
    long getCacheSize();

    @Description("Decisions taken from a remembered answer")
    long getHits();

    @Description("Decisions that needed a call (made, joined, or refused)")
    long getMisses();

    @Description("Hits divided by lookups (0 when there were none)")
    double getHitRatio();

    @Description("The last failure since the last answer (null when the last call was answered)")
    String getLastError();

    @Action
    @Description("Forget every remembered answer: the next request of each token asks the endpoint again")
    void flush();
}
