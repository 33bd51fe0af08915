package org.jwtverifier.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import javax.net.ssl.SSLSocketFactory;
import org.jwtverifier.config.FetchSettings;
import org.jwtverifier.json.Jackson;

/**
 * OpenID Connect discovery (OpenID Connect Discovery 1.0 §4): reads {@code jwks_uri} from the issuer's
 * configuration document, after checking that the document's {@code issuer} is exactly the configured one
 * (§4.3), then fetches the JWKS from there under the same bounds.
 */
public final class DiscoveryJwksFetcher implements JwksFetcher {
    private static final ObjectMapper JSON = Jackson.json();

    private final String issuer;
    private final URI configurationUri;
    private final HttpJwksFetcher http;
    private final FetchSettings settings;

    public DiscoveryJwksFetcher(String issuer, URI configurationUri, FetchSettings settings,
                                SSLSocketFactory sslSocketFactory) {
        this.issuer = issuer;
        this.configurationUri = configurationUri;
        this.http = new HttpJwksFetcher(configurationUri, settings, sslSocketFactory);
        this.settings = settings;
    }

    @Override
    public String fetch() throws KeySourceException {
        JsonNode document;
        try {
            document = JSON.readTree(http.fetch());
        } catch (IOException e) {
            throw new KeySourceException("discovery document is not JSON");
        }
        if (document == null || !issuer.equals(document.path("issuer").asText(null))) {
            throw new KeySourceException("discovery document names another issuer");
        }
        String jwksUri = document.path("jwks_uri").asText("");
        URI target;
        try {
            target = new URI(jwksUri);
        } catch (URISyntaxException e) {
            throw new KeySourceException("discovery document has no usable jwks_uri");
        }
        if (!settings.permitsTransport(target)) {
            throw new KeySourceException("discovery jwks_uri must be https (plain http only to a loopback address): "
                    + HttpJwksFetcher.describe(target));
        }
        return this.http.get(target);
    }

    /** The configuration document's URI: the {@code jwks_uri} it names may change, the key set stays this issuer's. */
    @Override
    public String persistenceIdentity() {
        return "discovery:" + configurationUri.toASCIIString();
    }

    @Override
    public String describe() {
        return "discovery " + configurationUri;
    }
}
