package org.jwtverifier.loadbench;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The empty resource with the three {@code @Context} fields /verify's resource has, and reading the headers it
 * reads: isolates what per-request injection and header access cost in Jersey.
 */
@Path("empty-injected")
public class InjectedEmptyResource {
    @Context
    private ServletContext servletContext;

    @Context
    private HttpHeaders headers;

    @Context
    private HttpServletRequest request;

    @GET
    public Response get() {
        String seen = headers.getHeaderString(HttpHeaders.AUTHORIZATION) + request.getRemoteAddr()
                + servletContext.getContextPath();
        return Response.ok(seen.isEmpty() ? "" : "OK\n", MediaType.TEXT_PLAIN_TYPE)
                .header("Cache-Control", "no-store").build();
    }
}
