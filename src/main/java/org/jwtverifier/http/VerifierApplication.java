package org.jwtverifier.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The JAX-RS application: the verifier's endpoints at the root of the WAR's context path. */
@ApplicationPath("/")
public class VerifierApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(VerifyResource.class, HealthResource.class, MetricsResource.class, BackchannelLogoutResource.class,
                AnyMethodFilter.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: it would answer OPTIONS with a generated document and costs start-up time for nothing here.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
