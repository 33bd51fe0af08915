package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Real HTTP to the deployed verifier: {@code http://127.0.0.1:${it.http.port}/jwt-verifier/...}, HTTP/1.1,
 * as a reverse proxy's forward-auth call would be.
 */
public final class VerifierClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;

    /**
     * The verifier on the Tomcat this test run drives. The port comes from the system property
     * {@code jwtverifier.it.http.port}, which failsafe sets per Tomcat (it is deliberately not named like a
     * pom property: failsafe hands command-line -D properties to the test JVM and those would win).
     */
    public VerifierClient() {
        this("http://127.0.0.1:" + System.getProperty("jwtverifier.it.http.port", "18080") + "/jwt-verifier");
    }

    public VerifierClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A GET request builder for {@code path}, with the headers a forward-auth proxy sends. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "app.example.com")
                .header("X-Forwarded-Uri", "/api/things")
                .header("X-Forwarded-For", "203.0.113.7")
                .GET();
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path));
    }

    /** {@code GET /verify} without an Authorization header. */
    public HttpResponse<String> verifyWithoutToken() {
        return send(request("/verify"));
    }

    /** {@code GET /verify} with {@code Authorization: Bearer <token>}. */
    public HttpResponse<String> verify(String token) {
        return verifyWithAuthorization("Bearer " + token);
    }

    /** {@code GET /verify} with the Authorization header(s) given verbatim (one header line each). */
    public HttpResponse<String> verifyWithAuthorization(String... authorizationValues) {
        HttpRequest.Builder b = request("/verify");
        for (String v : authorizationValues) {
            b.header("Authorization", v);
        }
        return send(b);
    }

    /** Polls {@code path} until it answers 200 or {@code timeout} passes; returns the last response. */
    public HttpResponse<String> awaitOk(String path, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpResponse<String> last = null;
        while (true) {
            try {
                last = get(path);
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
    }
}
