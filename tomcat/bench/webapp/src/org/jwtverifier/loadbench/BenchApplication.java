package org.jwtverifier.loadbench;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * Ceiling 2 and the naive baseline, under the same Jersey settings as the verifier's own application (WADL off),
 * so the gap to /verify is the verifier's work and nothing else.
 */
@ApplicationPath("/rs")
public class BenchApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EmptyResource.class, InjectedEmptyResource.class, InjectedSingletonResource.class,
                ParamsEmptyResource.class, ParamsSingletonResource.class, NaiveJjwtResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
