package org.jwtverifier.loadbench;

import jakarta.inject.Singleton;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A singleton taking the request objects as method parameters: no instance per request and no proxies; only the
 * application-wide ServletContext is a field.
 */
@Singleton
@Path("empty-params-singleton")
public class ParamsSingletonResource {
    @Context
    private ServletContext servletContext;

    @GET
    public Response get(@Context HttpHeaders headers, @Context HttpServletRequest request) {
        return InjectedEmptyResource.respond(headers, request, servletContext);
    }
}
