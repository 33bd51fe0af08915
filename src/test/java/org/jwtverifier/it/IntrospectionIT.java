package org.jwtverifier.it;

import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;
import static org.jwtverifier.testsupport.VerifyAssertions.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.IntrospectionStub;
import org.jwtverifier.testsupport.IntrospectionStub.Reply;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

/**
 * Opaque tokens through {@code /verify} on a real Tomcat, introspected at a loopback endpoint that the test scripts:
 * an active answer admits with the identity headers and is remembered, an inactive one is 401 {@code invalid_token},
 * an endpoint failing gives 503 with {@code Retry-After}; {@code /ready} and the JMX bean (over the remote connector)
 * show the state, no MBean attribute holds a token, and {@code flush()} forgets the answers.
 */
class IntrospectionIT extends DeployedVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestIdp idp;
    static IntrospectionStub endpoint;

    @Deployment(testable = false)
    static WebArchive deployment() {
        idp = closeAfterAll.add(TestIdp.start());
        endpoint = closeAfterAll.add(IntrospectionStub.start());
        String secret = TestConfig.writeFile("IntrospectionIT.secret", "it-introspection-secret\n").toString();
        return TestConfig.create().freshKeyStore("IntrospectionIT").issuer(idp,
                "introspection:",
                "  endpoint: " + TestConfig.quote(endpoint.endpoint()),
                "  clientId: jwt-verifier",
                "  clientSecret: ${file:" + secret + "}").war("IntrospectionIT");
    }

    private static ObjectName bean() {
        return RemoteJmx.name(RemoteJmx.DOMAIN + ":type=Introspection,context=" + RemoteJmx.CONTEXT + ",issuer="
                + ObjectName.quote(idp.issuer()));
    }

    @Test
    void opaqueTokensAreAdmittedRefusedOrUnavailableAsTheirIdpAnswers() throws Exception {
        long exp = Instant.now().getEpochSecond() + 300;
        endpoint.replies(token -> switch (token) {
            case "opaque-alice" -> Reply.active("\"sub\":\"alice\",\"email\":\"alice@example.com\",\"aud\":\""
                    + TestConfig.AUDIENCE + "\",\"exp\":" + exp);
            case "opaque-failing" -> new Reply(500, "{\"active\":true}");
            default -> Reply.inactive();
        });
        assertAdmitted(client.verify("opaque-alice"), "alice", "alice@example.com");
        assertAdmitted(client.verify("opaque-alice"), "alice", "alice@example.com");
        assertEquals(1, endpoint.calls(), "the second request is answered from memory");
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(
                "jwt-verifier:it-introspection-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                endpoint.lastAuthorization());

        assertInvalidToken(client.verify("opaque-revoked"), "opaque-revoked");

        HttpResponse<String> unavailable = client.verify("opaque-failing");
        assertEquals(503, unavailable.statusCode(), () -> describe(unavailable));
        assertEquals("5", unavailable.headers().firstValue("Retry-After").orElse(""), () -> describe(unavailable));
        assertFalse(unavailable.body().contains("opaque-failing"), unavailable::body);

        JsonNode ready = JSON.readTree(client.get("/ready").body());
        JsonNode detail = ready.path("introspection").path(0);
        assertEquals(idp.issuer(), detail.path("issuer").asText(), ready::toString);
        assertFalse(detail.path("answering").asBoolean(true), ready::toString);
        assertTrue(ready.path("ready").asBoolean(), "an introspection failure is detail only: " + ready);

        try (RemoteJmx jmx = RemoteJmx.connect()) {
            assertEquals(3L, jmx.getLong(bean(), "Calls"));
            assertEquals(1L, jmx.getLong(bean(), "Failures"));
            assertEquals(1L, jmx.getLong(bean(), "Hits"));
            assertEquals(2L, jmx.getLong(bean(), "CacheSize"), "one active and one inactive answer");
            List<String> values = new ArrayList<>();
            for (ObjectName name : jmx.connection().queryNames(RemoteJmx.name("jwt-verifier:*"), null)) {
                for (MBeanAttributeInfo attribute : jmx.connection().getMBeanInfo(name).getAttributes()) {
                    values.add(String.valueOf(jmx.get(name, attribute.getName())));
                }
            }
            assertTrue(values.size() > 10, values::toString);
            assertEquals(List.of(), values.stream().filter(v -> v.contains("opaque-")
                    || v.contains("it-introspection-secret")).toList(), "no attribute holds a token or the secret");
            jmx.invoke(bean(), "flush");
            assertEquals(0L, jmx.getLong(bean(), "CacheSize"));
        }
        assertAdmitted(client.verify("opaque-alice"), "alice", "alice@example.com");
        assertEquals(4, endpoint.calls(), "asked again after flush()");
    }
}
