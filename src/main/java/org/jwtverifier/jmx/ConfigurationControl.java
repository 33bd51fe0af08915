package org.jwtverifier.jmx;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.runtime.VerifierRuntime;

/** Reads the running configuration while holding it (see {@link VerifierRuntime#read}). */
final class ConfigurationControl implements ConfigurationMXBean {
    private final VerifierRuntime runtime;

    ConfigurationControl(VerifierRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String getSource() {
        return runtime.read(a -> a.config().source().toString());
    }

    @Override
    public String getFoundThrough() {
        return runtime.location().how();
    }

    @Override
    public Date getLoadedAt() {
        return runtime.read(a -> Date.from(a.config().loadedAt()));
    }

    @Override
    public List<String> getIssuers() {
        return runtime.read(a -> List.copyOf(a.config().issuers().keySet()));
    }

    @Override
    public Map<String, String> getIdentityHeaders() {
        return runtime.read(a -> IdentityHeader.headerByClaim(a.config().identityHeaders()));
    }

    @Override
    public int getMaxTokenBytes() {
        return runtime.read(a -> a.config().maxTokenBytes());
    }

    @Override
    public Map<String, String> getReferences() {
        return runtime.read(a -> a.config().references());
    }

    /** Holds nothing while reloading: the reload waits for the holders of the configuration it replaces. */
    @Override
    public String reload() {
        return runtime.reload();
    }
}
