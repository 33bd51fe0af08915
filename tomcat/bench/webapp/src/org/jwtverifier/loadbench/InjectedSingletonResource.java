package org.jwtverifier.loadbench;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@link InjectedEmptyResource} as a singleton: Jersey injects thread-safe proxies into the inherited
 * {@code @Context} fields once, instead of creating and injecting a resource instance per request.
 */
@Singleton
@Path("empty-injected-singleton")
public class InjectedSingletonResource extends InjectedEmptyResource {
    @GET
    @Override
    public Response get() {
        return super.get();
    }
}
