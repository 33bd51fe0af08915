package org.jwtverifier.loadbench;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The empty resource as a singleton: no resource instance created and injected per request. */
@Singleton
@Path("empty-singleton")
public class SingletonEmptyResource {

    @GET
    public Response get() {
        return Response.ok("OK\n", MediaType.TEXT_PLAIN_TYPE).header("Cache-Control", "no-store").build();
    }
}
