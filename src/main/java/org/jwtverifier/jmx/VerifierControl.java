package org.jwtverifier.jmx;

import java.util.Map;
import org.jwtverifier.metrics.VerifierMetrics;

final class VerifierControl implements VerifierMXBean {
    private final VerifierMetrics metrics;

    VerifierControl(VerifierMetrics metrics) {
        this.metrics = metrics;
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
