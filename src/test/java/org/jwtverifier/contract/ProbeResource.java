package org.jwtverifier.contract;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deployed by the contract tests in a WAR of its own (see {@link ProbeDeployment}): shows what the application
 * receives from Tomcat and Jersey, the same way {@code VerifyResource} asks for it.
 */
@Path("/")
public class ProbeResource {
    static final AtomicLong CALLS = new AtomicLong();

    @Context
    private HttpHeaders headers;

    @Context
    private HttpServletRequest request;

    /** Every value of the named header, one per line, each in brackets so that whitespace shows. */
    @GET
    @Path("header/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public String header(@PathParam("name") String name) {
        CALLS.incrementAndGet();
        List<String> values = headers.getRequestHeader(name);
        StringBuilder out = new StringBuilder();
        if (values != null) {
            values.forEach(v -> out.append('[').append(v).append("]\n"));
        }
        return out.toString();
    }

    /** {@link HttpServletRequest#getQueryString()} in brackets, or "null". */
    @GET
    @Path("query")
    @Produces(MediaType.TEXT_PLAIN)
    public String query() {
        CALLS.incrementAndGet();
        String q = request.getQueryString();
        return q == null ? "null" : "[" + q + "]";
    }

    /** How many requests reached the other resources. */
    @GET
    @Path("calls")
    @Produces(MediaType.TEXT_PLAIN)
    public String calls() {
        return Long.toString(CALLS.get());
    }

    /** The probe's JAX-RS application, at {@code /contract-probe/probe}. */
    @ApplicationPath("probe")
    public static class ProbeApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(ProbeResource.class);
        }
    }
}
