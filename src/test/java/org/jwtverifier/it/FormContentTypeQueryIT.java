package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.e2e.RawHttpConnection;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.LogFiles;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request that declares {@code Content-Type: application/x-www-form-urlencoded} but has no body makes Jersey's
 * servlet container ask for the servlet parameters, which parses the query, and then log a WARNING with the whole
 * request URI; on Tomcat 11 a query it cannot decode then fails the request with 500. A route that takes the token
 * from the query ({@code tokenQueryParameter}) must still decide such a request, and log no token.
 */
class FormContentTypeQueryIT extends DeployedVerifierTest {
    static final String AUDIENCE = "api.example.com";
    static TestIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start("https://idp.example.com/form-query"));
        return TestConfig.create()
                .top("defaultPolicy: {access: protected, tokenQueryParameter: access_token}")
                .issuer(idp)
                .war("FormContentTypeQueryIT");
    }

    @Test
    void verifyWhenAFormContentTypeHasNoBodyThenTheQueryTokenIsDecidedAndNotLogged() {
        Path logs = Path.of(System.getProperty("jwtverifier.it.tomcat.dir"), "logs");
        Map<Path, Long> before = LogFiles.mark(logs);
        String token = idp.mint(Alg.EdDSA, AUDIENCE, "alice", "alice@example.com");

        for (String method : List.of("GET", "POST")) {
            RawHttpConnection.Response admitted = send(method, "access_token=" + token);
            assertEquals(200, admitted.status(), () -> method + ": " + admitted);
            assertEquals(List.of("alice"), admitted.all("X-User-Id"), admitted::toString);
        }
        List<String> serverErrors = new java.util.ArrayList<>();
        for (String method : List.of("GET", "POST", "PUT")) {
            RawHttpConnection.Response undecodable = send(method, "access_token=%ZZ%" + token);
            if (undecodable.status() >= 500) {
                serverErrors.add(method + " with an undecodable query: " + undecodable.statusLine());
            }
        }

        List<String> found = LogFiles.segmentFindingsWithin(Duration.ofSeconds(3), logs,
                LogFiles.segmentsOf(List.of(token)), before);
        assertAll(
                () -> assertEquals(List.of(), serverErrors),
                () -> assertEquals(List.of(), found, "the query token was written to a log file"));
    }

    private static RawHttpConnection.Response send(String method, String query) {
        int port = Integer.parseInt(System.getProperty("jwtverifier.it.http.port"));
        String request = method + " /jwt-verifier/verify?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + ("GET".equals(method) ? "" : "Content-Length: 0\r\n") + "Connection: close\r\n\r\n";
        try (RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port)) {
            return c.exchangeBytes(request.getBytes(StandardCharsets.ISO_8859_1), false);
        }
    }
}
