package org.jwtverifier.jmx;

import java.util.Map;
import java.util.function.Supplier;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.runtime.RuntimeStoppedException;
import org.jwtverifier.runtime.VerifierRuntime;

final class VerifierControl implements VerifierMXBean {
    private final VerifierMetrics metrics;
    private final Supplier<Map<String, String>> providers;

    VerifierControl(VerifierRuntime runtime) {
        this(runtime.metrics(), () -> {
            try {
                return runtime.read(assembly -> assembly.providers().byAlgorithm());
            } catch (RuntimeStoppedException e) {
                return Map.of();
            }
        });
    }

    VerifierControl(VerifierMetrics metrics, Supplier<Map<String, String>> providers) {
        this.metrics = metrics;
        this.providers = providers;
    }

    @Override
    public Map<String, String> getSignatureProviders() {
        return providers.get();
    }

    @Override
    public long getAdmittedCount() {
        return metrics.decisions("admitted");
    }

    @Override
    public long getRejectedCount() {
        return metrics.decisions("rejected");
    }

    @Override
    public long getUnavailableCount() {
        return metrics.decisions("unavailable");
    }

    @Override
    public Map<String, Long> getDecisionsByReason() {
        return metrics.decisionsByReason();
    }

    @Override
    public Map<String, Long> getDecisionsByIssuer() {
        return metrics.decisionsByIssuer();
    }

    @Override
    public long getLatencyP50Micros() {
        return metrics.latencyQuantileMicros(0.5);
    }

    @Override
    public long getLatencyP99Micros() {
        return metrics.latencyQuantileMicros(0.99);
    }

    @Override
    public void resetCounters() {
        metrics.resetDecisions();
    }
}
