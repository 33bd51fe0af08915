package org.jwtverifier.loadbench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Ceiling 2: an empty JAX-RS resource (per-request scope, the JAX-RS default) answering 200 like /verify. */
@Path("empty")
public class EmptyResource {

    @GET
    public Response get() {
        return Response.ok("OK\n", MediaType.TEXT_PLAIN_TYPE).header("Cache-Control", "no-store").build();
    }
}
