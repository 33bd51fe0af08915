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
 * {@link InjectedEmptyResource} as a singleton: Jersey injects thread-safe proxies into the {@code @Context}
 * fields once, instead of creating and injecting a resource instance per request.
 */
@Singleton
@Path("empty-injected-singleton")
public class InjectedSingletonResource {
    @Context
    private ServletContext servletContext;

    @Context
    private HttpHeaders headers;

    @Context
    private HttpServletRequest request;

    @GET
    public Response get() {
        return InjectedEmptyResource.respond(headers, request, servletContext);
    }
}
