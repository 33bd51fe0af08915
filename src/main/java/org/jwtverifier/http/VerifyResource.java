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
import jakarta.ws.rs.core.Response;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.runtime.AssemblyLease;
import org.jwtverifier.runtime.RuntimeStoppedException;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;
import org.jwtverifier.verdict.Unavailability;

/**
 * {@code /verify}: the forward-auth endpoint. Answers every HTTP method alike, because proxies differ (Traefik
 * sends GET unless told to preserve the method; nginx sends the original method). Renders the decision; decides
 * nothing ({@link VerifyResponses}).
 */
@Path("verify")
public class VerifyResource {
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
            return VerifyResponses.unavailable(Unavailability.STOPPING);
        }
        // The hold lasts until the response is built: a reload meanwhile closes this assembly only afterwards.
        try (AssemblyLease lease = runtime.enter()) {
            VerifierAssembly verifier = lease.assembly();
            try {
                return VerifyResponses.of(verifier.decider().decide(forwardAuthRequest()), verifier.config().realm());
            } catch (RuntimeException e) {
                if (verifier.isClosed()) {
                    // Outlived the reload's bounded wait: the configuration it started with is gone; retry.
                    return VerifyResponses.unavailable(Unavailability.CONFIGURATION_RELOADED);
                }
                throw e;
            }
        } catch (RuntimeStoppedException e) {
            return VerifyResponses.unavailable(Unavailability.STOPPING);
        }
    }

    private ForwardAuthRequest forwardAuthRequest() {
        return new ForwardAuthRequest(request.getRemoteAddr(),
                headers.getRequestHeader(HttpHeaders.AUTHORIZATION), headers.getRequestHeader("Cookie"),
                request.getQueryString(), headers.getHeaderString("X-Forwarded-Method"),
                headers.getHeaderString("X-Forwarded-Proto"), headers.getHeaderString("X-Forwarded-Host"),
                headers.getHeaderString("X-Forwarded-Uri"));
    }
}
