package org.jwtverifier.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.config.IntrospectionConfig;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.jwks.HttpJwksFetcher;
import org.jwtverifier.jwks.KeySourceException;

/**
 * Asks one issuer's introspection endpoint about one token (RFC 7662 §2.1): a form POST of {@code token} and
 * {@code token_type_hint=access_token}, the client authenticated by {@code client_secret_basic} or
 * {@code client_secret_post} (RFC 6749 §2.3.1), under connect and read timeouts and a bound on the answer's size.
 *
 * <p>{@link HttpURLConnection}, as the key fetchers use, for the same reason: it leaves no thread behind on
 * undeploy, where Java 17's {@code HttpClient} keeps a selector thread per client. No redirect is followed: a POST
 * carrying a client secret and a token goes to the configured (or discovered) endpoint or nowhere.
 *
 * <p>Without a configured endpoint, the endpoint is the {@code introspection_endpoint} of the issuer's discovery
 * document (RFC 8414 §2, OpenID Connect Discovery 1.0), read at the first call (and again after a failure), under
 * the issuer's key fetch settings, and only from a document whose {@code issuer} is exactly the configured one.
 */
final class IntrospectionClient {
    private static final ObjectMapper JSON = Jackson.json();

    private final String issuer;
    private final IntrospectionConfig config;
    private final FetchSettings fetch;
    private final SSLSocketFactory ssl;
    private final String authorization;
    private volatile URI endpoint;

    /**
     * @param fetch the issuer's fetch settings: the transport rule, the trust store, and the discovery document's
     *              bounds
     * @param ssl   a socket factory for the issuer's trust store, or null for the JVM default
     */
    IntrospectionClient(String issuer, IntrospectionConfig config, FetchSettings fetch, SSLSocketFactory ssl) {
        this.issuer = issuer;
        this.config = config;
        this.fetch = fetch;
        this.ssl = ssl;
        this.endpoint = config.endpoint().orElse(null);
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (form(config.clientId()) + ":" + form(config.clientSecret())).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the endpoint asked, or the discovery document it is to be read from; never a credential */
    String describe() {
        URI known = endpoint;
        return known != null ? HttpJwksFetcher.describe(known)
                : "introspection_endpoint of " + HttpJwksFetcher.describe(config.discoveryDocument());
    }

    /**
     * @param token the token, sent in the body only
     * @return the endpoint's answer
     * @throws IntrospectionFailure when there is no usable answer
     */
    IntrospectionAnswer introspect(String token) throws IntrospectionFailure {
        URI target = endpoint();
        StringBuilder body = new StringBuilder("token=").append(form(token)).append("&token_type_hint=access_token");
        if (config.clientAuthentication() == IntrospectionConfig.ClientAuthentication.CLIENT_SECRET_POST) {
            body.append("&client_id=").append(form(config.clientId()))
                    .append("&client_secret=").append(form(config.clientSecret()));
        }
        long deadline = System.nanoTime() + config.connectTimeout().toNanos() + config.readTimeout().toNanos();
        HttpURLConnection connection = open(target);
        try {
            if (config.clientAuthentication() == IntrospectionConfig.ClientAuthentication.CLIENT_SECRET_BASIC) {
                connection.setRequestProperty("Authorization", authorization);
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
            // Not streamed: buffered, the request line, headers and body leave in one write, where a streamed
            // body would follow the headers in a second small segment and meet Nagle and delayed ACKs (40 ms).
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IntrospectionFailure("HTTP " + status + " from " + HttpJwksFetcher.describe(target));
            }
            return IntrospectionAnswer.parse(HttpJwksFetcher.readBounded(connection.getInputStream(),
                    config.maxResponseBytes(), deadline, HttpJwksFetcher.describe(target)));
        } catch (HttpJwksFetcher.BoundExceeded e) {
            throw new IntrospectionFailure(e.getMessage());
        } catch (SocketTimeoutException e) {
            throw new IntrospectionFailure("timed out asking " + HttpJwksFetcher.describe(target));
        } catch (IOException e) {
            throw new IntrospectionFailure("cannot ask " + HttpJwksFetcher.describe(target) + ": "
                    + e.getClass().getSimpleName());
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(URI target) throws IntrospectionFailure {
        try {
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()));
            connection.setReadTimeout(Math.toIntExact(config.readTimeout().toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            connection.setRequestProperty("Accept", "application/json");
            if (ssl != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(ssl);
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new IntrospectionFailure("cannot open " + HttpJwksFetcher.describe(target) + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private URI endpoint() throws IntrospectionFailure {
        URI known = endpoint;
        if (known != null) {
            return known;
        }
        JsonNode document;
        try {
            document = JSON.readTree(new HttpJwksFetcher(config.discoveryDocument(), fetch, ssl).fetch());
        } catch (KeySourceException e) {
            throw new IntrospectionFailure("discovery: " + e.getMessage());
        } catch (IOException e) {
            throw new IntrospectionFailure("discovery document is not JSON");
        }
        if (document == null || !issuer.equals(document.path("issuer").asText(null))) {
            throw new IntrospectionFailure("discovery document names another issuer");
        }
        URI found;
        try {
            found = new URI(document.path("introspection_endpoint").asText(""));
        } catch (URISyntaxException e) {
            throw new IntrospectionFailure("discovery document has no usable introspection_endpoint");
        }
        if (!found.isAbsolute() || found.getHost() == null) {
            throw new IntrospectionFailure("discovery document has no usable introspection_endpoint");
        }
        if (!fetch.permitsTransport(found)) {
            throw new IntrospectionFailure("discovered introspection_endpoint must be https (plain http only to a "
                    + "loopback address): " + HttpJwksFetcher.describe(found));
        }
        endpoint = found;
        return found;
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
