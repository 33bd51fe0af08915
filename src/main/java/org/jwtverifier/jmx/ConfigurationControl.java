package org.jwtverifier.jmx;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.runtime.VerifierRuntime;

final class ConfigurationControl implements ConfigurationMXBean {
    private final VerifierRuntime runtime;

    ConfigurationControl(VerifierRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String getSource() {
        return runtime.current().config().source().toString();
    }

    @Override
    public String getFoundThrough() {
        return runtime.location().how();
    }

    @Override
    public Date getLoadedAt() {
        return Date.from(runtime.current().config().loadedAt());
    }

    @Override
    public List<String> getIssuers() {
        return List.copyOf(runtime.current().config().issuers().keySet());
    }

    @Override
    public Map<String, String> getIdentityHeaders() {
        return IdentityHeader.headerByClaim(runtime.current().config().identityHeaders());
    }

    @Override
    public int getMaxTokenBytes() {
        return runtime.current().config().maxTokenBytes();
    }

    @Override
    public String reload() {
        return runtime.reload();
    }
}
