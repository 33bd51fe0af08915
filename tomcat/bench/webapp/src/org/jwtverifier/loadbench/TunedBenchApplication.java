package org.jwtverifier.loadbench;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The same empty resource with what Jersey lets an application switch off without leaving JAX-RS: auto-discovered
 * features, META-INF/services providers, JSON and bean-validation features, WADL, and the servlet container's
 * sendError on error statuses. Compared with {@link BenchApplication} in the load benchmark's --jersey rows.
 */
@ApplicationPath("/rs-tuned")
public class TunedBenchApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EmptyResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,
                "jersey.config.server.disableAutoDiscovery", true,
                "jersey.config.disableMetainfServicesLookup", true,
                "jersey.config.server.disableJsonProcessing", true,
                "jersey.config.server.disableMoxyJson", true,
                "jersey.config.server.bv.feature.disable", true,
                "jersey.config.server.monitoring.statistics.enabled", false,
                "jersey.config.server.tracing.type", "OFF",
                "jersey.config.server.response.setStatusOverSendError", true);
    }
}
