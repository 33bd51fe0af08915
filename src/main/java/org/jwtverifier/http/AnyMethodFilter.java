package org.jwtverifier.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Lets {@code /verify} answer methods JAX-RS has no annotation for (WebDAV's PROPFIND, say), for forward-auth
 * clients that pass the client's method on (Traefik with {@code preserveRequestMethod}); a 405 there would turn
 * into an error for the client. The decision does not depend on the method of the auth request itself; route
 * rules read {@code X-Forwarded-Method}.
 */
@Provider
@PreMatching
public class AnyMethodFilter implements ContainerRequestFilter {
    private static final Set<String> ANNOTATED = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!ANNOTATED.contains(request.getMethod()) && "verify".equals(request.getUriInfo().getPath())) {
            request.setMethod("GET");
        }
    }
}
