/**
 * Leaving no trace on undeploy: every workaround the web application needs so that, once it is stopped, nothing of
 * it stays reachable from the container's threads or the JDK (Tomcat's {@code findleaks} and its leak warnings
 * check it). Each exists because of how a library or the JDK behaves, not because of this code, and each names
 * the test that fails without it ("checked": the test was run once with the workaround taken out, and failed on
 * Tomcat 10.1 on Java 17 and on Tomcat 11 on Java 25).
 *
 * <p>Run by {@link org.jwtverifier.bootstrap.undeploy.UndeployCleanup} at the end of {@code contextDestroyed}:
 * <ol>
 * <li>{@code EhcacheDiskFlushThread}: Ehcache's disk tier frees pages on a static flush thread that nothing stops,
 *     which keeps the class loader. Test: {@code RedeployLeakIT}, findleaks (checked).</li>
 * <li>{@code EhcacheThreads}: a closed Ehcache pool counts as terminated a moment before its last thread ends, and
 *     Tomcat's check right after {@code contextDestroyed} catches that thread now and then. Tests:
 *     {@code EhcacheThreadsTest} (the wait itself); {@code RedeployLeakIT}, Tomcat's "failed to stop it" warning,
 *     which without it came up in one run out of many, so one run without it proves nothing.</li>
 * <li>{@code RecordMethodCaches}: the JDK's shared method handles behind records' {@code equals}/{@code hashCode}/
 *     {@code toString} remember the last record type (JDK-8078641). Test: {@code RedeployLeakIT}, findleaks
 *     (checked).</li>
 * </ol>
 *
 * <p>Kept in the class whose work they shape:
 * <ul>
 * <li>{@code json.Jackson}: every mapper is made there and recycles buffers through a pool of its own, not
 *     Jackson's default thread-local, which would stay on the container's request threads. Test:
 *     {@code RedeployLeakIT}, findleaks (checked: with a default mapper the class loaders of 8 of the 10
 *     deployments stayed on Tomcat 10.1, 7 on Tomcat 11).</li>
 * <li>{@code token.IssuerKeyLocator}: its thread-local (the key handed to JJWT) is emptied after every parse, so no
 *     request thread keeps a key or the class. Test: {@code RedeployLeakIT}, findleaks (checked).</li>
 * <li>{@code metrics.VerifierMetrics}: counters and histogram are built {@code withoutExemplars()}, since exemplar
 *     sampling starts a scheduler thread that outlives the web application. Test: {@code RedeployLeakIT}
 *     findleaks (checked: with exemplars on the decisions counter alone, all 10 deployments' class loaders
 *     stayed).</li>
 * <li>{@code jwks.HttpJwksFetcher}: {@code HttpURLConnection}, not {@code java.net.http.HttpClient}, which on
 *     Java 17 cannot be closed and leaves a selector thread per client. Test: {@code RedeployLeakIT}, its thread
 *     and leak checks (not checked by taking it out: that would mean a second HTTP client).</li>
 * </ul>
 */
package org.jwtverifier.bootstrap.undeploy;
