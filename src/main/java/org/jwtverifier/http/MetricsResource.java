package org.jwtverifier.http;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.runtime.VerifierRuntime;

/** {@code /metrics}: the deployment's counters and JVM basics in the Prometheus text format. */
@Path("metrics")
public class MetricsResource {
    @Context
    private ServletContext servletContext;

    @GET
    public Response scrape() {
        VerifierRuntime runtime = VerifierRuntime.from(servletContext);
        if (runtime == null) {
            return Response.status(503).type(MediaType.TEXT_PLAIN_TYPE).header("Cache-Control", "no-store")
                    .entity("Stopping\n").build();
        }
        // Each callback into the current configuration holds it while it reads (VerifierRuntime's watchers).
        VerifierMetrics metrics = runtime.metrics();
        StreamingOutput body = metrics::writeTo;
        return Response.ok(body, VerifierMetrics.contentType()).header("Cache-Control", "no-store").build();
    }
}
