package org.jwtverifier.loadbench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@link InjectedEmptyResource}'s reads with the request objects as method parameters: a per-request instance with
 * nothing to inject into fields.
 */
@Path("empty-params")
public class ParamsEmptyResource {

    @GET
    public Response get(@Context HttpHeaders headers, @Context HttpServletRequest request) {
        return InjectedEmptyResource.respond(headers, request, request.getServletContext());
    }
}
