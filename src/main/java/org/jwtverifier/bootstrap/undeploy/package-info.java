/**
 * Leaving no trace on undeploy: every workaround the web application needs so that, once it is stopped, nothing of
 * it stays reachable from the container's threads or the JDK (Tomcat's {@code findleaks} and its leak warnings
 * check it). Each exists because of how a library or the JDK behaves, not because of this code; each names the test
 * that fails without it.
 *
 * <p>Run by {@link org.jwtverifier.bootstrap.undeploy.UndeployCleanup} at the end of {@code contextDestroyed}:
 * <ol>
 * <li>{@code EhcacheDiskFlushThread}: Ehcache's disk tier frees pages on a static flush thread that nothing stops,
 *     which keeps the class loader. Test: {@code RedeployLeakIT} (findleaks).</li>
 * <li>{@code EhcacheThreads}: a closed Ehcache pool counts as terminated a moment before its last thread ends, and
 *     Tomcat's check right after {@code contextDestroyed} catches that thread now and then. Tests:
 *     {@code RedeployLeakIT} (Tomcat's "failed to stop it" warning, intermittent), {@code EhcacheThreadsTest}.</li>
 * <li>{@code RecordMethodCaches}: the JDK's shared method handles behind records' {@code equals}/{@code hashCode}/
 *     {@code toString} remember the last record type (JDK-8078641). Test: {@code RedeployLeakIT} (findleaks).</li>
 * </ol>
 *
 * <p>Kept where they belong, because they are how that class does its work:
 * <ul>
 * <li>{@code json.Jackson}: every mapper recycles buffers through a pool of its own, not Jackson's default
 *     thread-local, which would stay on the container's request threads. Test: {@code RedeployLeakIT}.</li>
 * <li>{@code token.IssuerKeyLocator}: its thread-local (the key handed to JJWT) is emptied after every parse by
 *     {@code IssuerVerifier}, so no request thread keeps a key or the class. Test: {@code RedeployLeakIT}.</li>
 * <li>{@code metrics.VerifierMetrics}: counters and histogram are built {@code withoutExemplars()}, since exemplar
 *     sampling starts a scheduler thread that outlives the web application. Test: {@code RedeployLeakIT}.</li>
 * <li>{@code jwks.HttpJwksFetcher}: {@code HttpURLConnection}, not {@code java.net.http.HttpClient}, which on
 *     Java 17 cannot be closed and leaves a selector thread per client. Test: {@code RedeployLeakIT}.</li>
 * </ul>
 */
package org.jwtverifier.bootstrap.undeploy;
