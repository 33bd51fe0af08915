package org.jwtverifier.bootstrap.undeploy;

import jakarta.servlet.ServletContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.runtime.ObjectMethods;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets go of this web application's classes that the JDK keeps in its record method caches.
 *
 * <p>A record's {@code equals}, {@code hashCode} and {@code toString} are made on first use by
 * {@link ObjectMethods#bootstrap}, which adapts a few shared method handles (reference equality, {@code Objects.equals},
 * {@code Objects.hashCode}, {@code String.valueOf}) to the record's types with {@code asType}. Each shared handle
 * remembers its last adaptation: strongly up to Java 17 ({@code MethodHandle.asTypeCache}, JDK-8078641), through a
 * soft reference since Java 18, which a collection clears only under memory pressure. After an undeploy it still
 * names a record class of this web application (the verified-token cache's key is one), so the class loader stays
 * (for good on Java 17) and Tomcat's {@code findleaks} reports it on every version.
 *
 * <p>{@link #release()} makes the same shared handles adapt to the container's {@code ServletContext} class instead,
 * through the same public bootstrap, which replaces what they remember. It has to be a class of a loader that is not
 * one of the JDK's own (since Java 18 only such an adaptation goes to the soft entry) and that outlives every web
 * application: the container's class loader for the Servlet API is both.
 */
final class RecordMethodCaches {
    private static final Logger LOG = Logger.getLogger(RecordMethodCaches.class.getName());

    private RecordMethodCaches() {
    }

    static void release() {
        try {
            Class<?> type = ServletContext.class;
            // A "record" of that class with one component of that class (itself): the shared handles are adapted to
            // it, and forget this web application's records.
            MethodHandle component = MethodHandles.identity(type);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (String method : new String[]{"equals", "hashCode", "toString"}) {
                ObjectMethods.bootstrap(lookup, method, MethodHandle.class, type, "value", component);
            }
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "Could not release the JDK's record method caches; this web application's class"
                    + " loader may stay in memory after an undeploy: {0}", e.toString());
        }
    }
}
