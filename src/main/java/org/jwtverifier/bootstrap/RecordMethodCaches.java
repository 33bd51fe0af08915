package org.jwtverifier.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.runtime.ObjectMethods;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets go of this web application's classes that Java 17 keeps in its record method caches.
 *
 * <p>A record's {@code equals}, {@code hashCode} and {@code toString} are made on first use by
 * {@link ObjectMethods#bootstrap}, which adapts a few shared method handles (reference equality, {@code Objects.equals},
 * {@code Objects.hashCode}, {@code String.valueOf}) to the record's types with {@code asType}. Up to Java 17 each
 * shared handle remembers its last adaptation strongly ({@code MethodHandle.asTypeCache}, JDK-8078641, fixed in
 * Java 18): after an undeploy it still names a record class of this web application (the verified-token cache's
 * key is one), so the class loader cannot be collected and Tomcat's {@code findleaks} reports it.
 *
 * <p>{@link #release()} makes the same shared handles adapt to {@code String} instead, through the same public
 * bootstrap, which replaces what they remember. Nothing is done on Java 18 and later.
 */
final class RecordMethodCaches {
    private static final Logger LOG = Logger.getLogger(RecordMethodCaches.class.getName());

    private RecordMethodCaches() {
    }

    static void release() {
        if (Runtime.version().feature() >= 18) {
            return;
        }
        try {
            // A "record" String with one String component (itself): every shared handle is adapted to JDK types.
            MethodHandle component = MethodHandles.identity(String.class);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (String method : new String[]{"equals", "hashCode", "toString"}) {
                ObjectMethods.bootstrap(lookup, method, MethodHandle.class, String.class, "value", component);
            }
        } catch (Throwable e) {
            LOG.log(Level.FINE, "Could not release the record method caches", e);
        }
    }
}
