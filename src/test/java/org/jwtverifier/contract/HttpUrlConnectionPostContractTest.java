package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.LoopbackHttpServer;

/**
 * What the introspection client relies on of the JDK's {@link HttpURLConnection}: a POST with
 * {@code setInstanceFollowRedirects(false)} reports a redirect as its status and does not follow it (the token and
 * the secret are never sent on), and a body written without a streaming mode goes out whole, with its length.
 */
class HttpUrlConnectionPostContractTest {

    @Test
    void aPostIsNotRedirectedAndItsBodyArrivesWhole() throws Exception {
        AtomicInteger elsewhere = new AtomicInteger();
        AtomicReference<String> body = new AtomicReference<>();
        AtomicReference<String> length = new AtomicReference<>();
        try (LoopbackHttpServer server = LoopbackHttpServer.bind("post-contract")) {
            server.handle("/moved", exchange -> {
                body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
                length.set(exchange.getRequestHeaders().getFirst("Content-Length"));
                exchange.getResponseHeaders().set("Location", "/elsewhere");
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            server.handle("/elsewhere", exchange -> {
                elsewhere.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
                    + "/moved").toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            byte[] form = "token=abc&token_type_hint=access_token".getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(form);
            }
            assertEquals(307, connection.getResponseCode());
            connection.disconnect();
        }
        assertEquals("token=abc&token_type_hint=access_token", body.get());
        assertEquals("38", length.get());
        assertEquals(0, elsewhere.get());
    }
}
