package org.jwtverifier.crypto;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;

/**
 * The Amazon Corretto Crypto Provider (AWS-LC underneath), as the container installed it: looked up among the
 * JVM's registered providers by name and asked through reflection, so that the WAR neither bundles nor needs it.
 * It is a native library, which a JVM loads once per class loader that asks: it belongs on the JVM's class path
 * with the other security providers (see {@code tomcat/setenv.sh}), never in {@code WEB-INF/lib}, where each
 * redeploy would try to load it again.
 */
final class NativeProvider {
    /** Its {@link Provider#getName()}. */
    static final String NAME = "AmazonCorrettoCryptoProvider";

    private NativeProvider() {
    }

    /** @return the registered provider, healthy or not, or empty when the container did not install it */
    static Optional<Provider> registered() {
        return Optional.ofNullable(Security.getProvider(NAME));
    }

    /**
     * @return why the provider must not be used, or empty when it is healthy: its native library did not load
     *         ({@code getLoadingError()}), or its self-tests failed ({@code assertHealthy()} throws)
     */
    static Optional<String> unhealthy(Provider provider) {
        try {
            Object loadingError = provider.getClass().getMethod("getLoadingError").invoke(provider);
            if (loadingError instanceof Throwable t) {
                return Optional.of("its native library did not load: " + t);
            }
            provider.getClass().getMethod("assertHealthy").invoke(provider);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of("its self-test failed: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.of("its health cannot be read: " + e);
        }
    }

    static boolean is(Provider provider) {
        return NAME.equals(provider.getName());
    }
}
