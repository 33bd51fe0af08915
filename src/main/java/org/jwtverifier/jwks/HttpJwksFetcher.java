package org.jwtverifier.jwks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.jwtverifier.config.FetchSettings;

/**
 * Fetches a document over HTTP(S) with bounded time and size.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: on Java 17 the latter cannot be closed
 * and leaves a selector thread per client behind, which a servlet container reports as a leak on every redeploy.
 * The JVM's proxy settings ({@code https.proxyHost}, ...) apply as usual. Redirects are followed at most three times,
 * to the same scheme, host and port, or to a host the issuer lists in {@code redirectHosts} over https (plain
 * http only where the issuer's URL itself could use it: loopback, or {@code allowInsecureHttp}). An IdP's key URL
 * that redirects anywhere else is refused: a redirect is where a hijacked or misconfigured web server would send
 * the verifier to keys of someone else's choosing.
 */
public final class HttpJwksFetcher implements JwksFetcher {
    private static final int MAX_REDIRECTS = 3;

    private final URI uri;
    private final FetchSettings settings;
    private final SSLSocketFactory sslSocketFactory;

    /**
     * @param sslSocketFactory for the issuer's own trust store, or null for the JVM default
     */
    public HttpJwksFetcher(URI uri, FetchSettings settings, SSLSocketFactory sslSocketFactory) {
        this.uri = uri;
        this.settings = settings;
        this.sslSocketFactory = sslSocketFactory;
    }

    @Override
    public String fetch() throws KeySourceException {
        return get(uri);
    }

    /** GETs a JSON document at {@code target} under the same bounds. */
    String get(URI target) throws KeySourceException {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos() + settings.readTimeout().toNanos();
        URI current = target;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = open(current);
            try {
                int status = connection.getResponseCode();
                if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
                    URI next = current.resolve(connection.getHeaderField("Location"));
                    checkRedirect(current, next);
                    current = next;
                    continue;
                }
                if (status != 200) {
                    throw new KeySourceException("HTTP " + status + " from " + describe(current));
                }
                return new String(readBounded(connection.getInputStream(), settings.maxResponseBytes(), deadline,
                        describe(current)), StandardCharsets.UTF_8);
            } catch (BoundExceeded e) {
                throw new KeySourceException(e.getMessage());
            } catch (SocketTimeoutException e) {
                throw new KeySourceException("timed out fetching " + describe(current));
            } catch (IOException e) {
                throw new KeySourceException("cannot fetch " + describe(current) + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } finally {
                connection.disconnect();
            }
        }
        throw new KeySourceException("too many redirects from " + describe(target));
    }

    private HttpURLConnection open(URI target) throws KeySourceException {
        try {
            URL url = target.toURL();
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
            connection.setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/jwk-set+json, application/json");
            if (sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sslSocketFactory);
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new KeySourceException("cannot open " + describe(target) + ": " + e.getClass().getSimpleName());
        }
    }

    /** A response body past its bound in size or in time; the message says which, naming no query. */
    public static final class BoundExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        BoundExceeded(String message) {
            super(message);
        }
    }

    /**
     * Reads a response body whole, at most {@code maxBytes} and until {@code deadlineNanos} ({@link System#nanoTime()}):
     * the read timeout bounds each wait for bytes, this bounds a server that trickles them.
     *
     * @param source what the body comes from, for the message ({@link #describe(URI)})
     * @throws BoundExceeded past either bound
     */
    public static byte[] readBounded(InputStream in, int maxBytes, long deadlineNanos, String source)
            throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new BoundExceeded("response larger than " + maxBytes + " bytes");
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new BoundExceeded("response too slow from " + source);
                }
            }
            return out.toByteArray();
        }
    }

    private void checkRedirect(URI from, URI to) throws KeySourceException {
        if (sameOrigin(from, to)) {
            return;
        }
        if (!settings.allowsRedirectTo(to.getHost())) {
            throw new KeySourceException("redirect to another origin refused: " + describe(to)
                    + " (list its host in redirectHosts to follow it)");
        }
        if (!settings.permitsTransport(to)) {
            throw new KeySourceException("redirect to " + describe(to) + " refused: it must be https");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    /** Scheme, authority and path: a query may carry a credential, so it is never logged. */
    public static String describe(URI target) {
        return target.getScheme() + "://" + target.getAuthority() + target.getPath();
    }

    /** The whole URI as configured, query included ({@link #describe()} drops the query). */
    @Override
    public String persistenceIdentity() {
        return "jwks-uri:" + uri.toASCIIString();
    }

    @Override
    public String describe() {
        return "jwksUri " + describe(uri);
    }
}
