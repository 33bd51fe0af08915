package org.jwtverifier.jmx;

import java.util.function.Function;
import org.jwtverifier.introspection.IntrospectionStatus;
import org.jwtverifier.introspection.Introspector;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * Looks its issuer's introspector up on every call, so it follows configuration reloads, and holds that
 * configuration meanwhile.
 */
final class IntrospectionControl implements IntrospectionMXBean {
    private final String issuer;
    private final VerifierRuntime runtime;

    IntrospectionControl(String issuer, VerifierRuntime runtime) {
        this.issuer = issuer;
        this.runtime = runtime;
    }

    private <T> T withIntrospector(Function<Introspector, T> action) {
        return runtime.read(assembly -> action.apply(assembly.introspection().all().stream()
                .filter(i -> i.issuer().equals(issuer)).findFirst().orElseThrow(() -> new IllegalStateException(
                        "issuer " + issuer + " no longer has introspection"))));
    }

    private IntrospectionStatus status() {
        return withIntrospector(Introspector::status);
    }

    @Override
    public String getIssuer() {
        return issuer;
    }

    @Override
    public String getEndpoint() {
        return status().endpoint();
    }

    @Override
    public boolean isIntrospectJwts() {
        return status().introspectJwts();
    }

    @Override
    public long getCalls() {
        return status().calls();
    }

    @Override
    public long getFailures() {
        return status().failures();
    }

    @Override
    public long getBusyRefusals() {
        return status().busy();
    }

    @Override
    public int getInFlight() {
        return status().inFlight();
    }

    @Override
    public long getCacheSize() {
        return status().entries();
    }

    @Override
    public long getHits() {
        return status().hits();
    }

    @Override
    public long getMisses() {
        return status().misses();
    }

    @Override
    public double getHitRatio() {
        return status().hitRatio();
    }

    @Override
    public String getLastError() {
        return status().lastError();
    }

    @Override
    public void flush() {
        withIntrospector(introspector -> {
            introspector.flush();
            return null;
        });
    }
}
