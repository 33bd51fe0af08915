package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwtverifier.testsupport.TestIssuers;

/**
 * The one transport rule for configured URLs, discovered {@code jwks_uri}s and redirect targets: plain http only to
 * a literal loopback address or {@code localhost}, decided from the URL's text (hosts as {@link URI} parses them).
 */
class FetchSettingsTest {
    static final FetchSettings STRICT = TestIssuers.fetch(Duration.ofSeconds(1), 1024);

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/jwks.json",
            "http://127.0.0.1:8081/jwks.json",
            "http://127.255.3.4/jwks.json",
            "http://localhost:8081/jwks.json",
            "http://LocalHost/jwks.json",
            "http://[::1]:8081/jwks.json",
            "http://[0:0:0:0:0:0:0:1]/jwks.json",
            "http://[0000:0000:0000:0000:0000:0000:0000:0001]/jwks.json",
            "http://[::0:1]/jwks.json",
            "https://idp.example.com/jwks.json"})
    void permitsTransportWhenHttpsOrLiteralLoopbackThenPermitted(String url) {
        assertTrue(STRICT.permitsTransport(URI.create(url)), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.attacker.example/jwks.json",
            "http://127.0.0.1.nip.io/jwks.json",
            "http://127.0.0.1.attacker.example:8081/jwks.json",
            "http://localhost.attacker.example/jwks.json",
            "http://localhost./jwks.json",
            "http://127.0.0.1@attacker.example/jwks.json",
            "http://127.1/jwks.json",
            "http://127.0.0.01/jwks.json",
            "http://0177.0.0.1/jwks.json",
            "http://127.0.0.256/jwks.json",
            "http://2130706433/jwks.json",
            "http://128.0.0.1/jwks.json",
            "http://[::2]/jwks.json",
            "http://[1::1]/jwks.json",
            "http://[::ffff:127.0.0.1]/jwks.json",
            "http://[::1%25lo]/jwks.json",
            "http://idp.example.com/jwks.json",
            "ftp://127.0.0.1/jwks.json"})
    void permitsTransportWhenPlainHttpToAnythingButLiteralLoopbackThenRefused(String url) {
        assertFalse(STRICT.permitsTransport(URI.create(url)), url);
    }
}
