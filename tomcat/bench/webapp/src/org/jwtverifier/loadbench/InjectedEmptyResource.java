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
 * The empty resource with the three {@code @Context} fields /verify's resource has, reading the request values it
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
        return respond(headers, request, servletContext);
    }

    /** Reads what /verify's resource reads from the request, then answers like the empty resource. */
    static Response respond(HttpHeaders headers, HttpServletRequest request, ServletContext context) {
        String seen = String.valueOf(headers.getRequestHeader(HttpHeaders.AUTHORIZATION))
                + headers.getRequestHeader("Cookie") + request.getQueryString() + request.getRemoteAddr()
                + headers.getHeaderString("X-Forwarded-Method") + headers.getHeaderString("X-Forwarded-Proto")
                + headers.getHeaderString("X-Forwarded-Host") + headers.getHeaderString("X-Forwarded-Uri")
                + context.getContextPath();
        return Response.ok(seen.isEmpty() ? "" : "OK\n", MediaType.TEXT_PLAIN_TYPE)
                .header("Cache-Control", "no-store").build();
    }
}
