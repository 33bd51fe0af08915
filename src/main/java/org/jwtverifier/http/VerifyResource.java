package org.jwtverifier.http;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.runtime.AssemblyLease;
import org.jwtverifier.runtime.RuntimeStoppedException;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.token.Reason;

/**
 * {@code /verify}: the forward-auth endpoint. Answers every HTTP method alike, because proxies differ (Traefik
 * sends GET unless told to preserve the method; nginx sends the original method). Renders the decision; decides
 * nothing.
 */
@Path("verify")
public class VerifyResource {
    private static final String RETRY_AFTER_SECONDS = "5";
    private static final String STOPPING = "Stopping\n";
    private static final String RELOADED = "Configuration reloaded during the request\n";

    @Context
    private ServletContext servletContext;

    @Context
    private HttpHeaders headers;

    @Context
    private HttpServletRequest request;

    @GET
    public Response get() {
        return verify();
    }

    @POST
    public Response post() {
        return verify();
    }

    @PUT
    public Response put() {
        return verify();
    }

    @DELETE
    public Response delete() {
        return verify();
    }

    @PATCH
    public Response patch() {
        return verify();
    }

    @HEAD
    public Response head() {
        return verify();
    }

    @OPTIONS
    public Response options() {
        return verify();
    }

    private Response verify() {
        VerifierRuntime runtime = VerifierRuntime.from(servletContext);
        if (runtime == null) {
            return unavailable(STOPPING);
        }
        // The hold lasts until the response is built: a reload meanwhile closes this assembly only afterwards.
        try (AssemblyLease lease = runtime.enter()) {
            VerifierAssembly verifier = lease.assembly();
            try {
                return render(verifier, verifier.decider().decide(forwardAuthRequest()));
            } catch (RuntimeException e) {
                if (verifier.isClosed()) {
                    // Outlived the reload's bounded wait: the configuration it started with is gone; retry.
                    return unavailable(RELOADED);
                }
                throw e;
            }
        } catch (RuntimeStoppedException e) {
            return unavailable(STOPPING);
        }
    }

    private ForwardAuthRequest forwardAuthRequest() {
        return new ForwardAuthRequest(request.getRemoteAddr(),
                headers.getRequestHeader(HttpHeaders.AUTHORIZATION), headers.getRequestHeader("Cookie"),
                request.getQueryString(), headers.getHeaderString("X-Forwarded-Method"),
                headers.getHeaderString("X-Forwarded-Proto"), headers.getHeaderString("X-Forwarded-Host"),
                headers.getHeaderString("X-Forwarded-Uri"));
    }

    private static Response render(VerifierAssembly verifier, Decision decision) {
        Response.ResponseBuilder response = Response.status(decision.status())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .type(MediaType.TEXT_PLAIN_TYPE);
        if (decision.admitted()) {
            decision.headers().forEach(response::header);
            return response.entity("OK\n").build();
        }
        if (decision.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return response.entity("Keys unavailable\n").build();
        }
        if (decision.reason() != Reason.ROUTE_DENIED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE,
                    Challenges.bearer(verifier.config().realm(), decision.reason(), decision.scope()));
        }
        String description = decision.reason().description();
        return response.entity((description == null ? defaultBody(decision.status()) : description) + "\n").build();
    }

    /** 503 with Retry-After (RFC 9110 section 15.6.4): the proxy may try again, or another instance. */
    private static Response unavailable(String body) {
        return Response.status(503)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(body)
                .build();
    }

    private static String defaultBody(int status) {
        return status == 403 ? "Forbidden" : "Unauthorized";
    }
}
