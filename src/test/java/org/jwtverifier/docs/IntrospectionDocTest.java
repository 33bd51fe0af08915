package org.jwtverifier.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.decision.Decider;
import org.jwtverifier.decision.Decision;
import org.jwtverifier.decision.DecisionListener;
import org.jwtverifier.decision.ForwardAuthRequest;
import org.jwtverifier.introspection.TokenIntrospection;
import org.jwtverifier.policy.PolicyTable;
import org.jwtverifier.revocation.RevocationCheck;
import org.jwtverifier.testsupport.IntrospectionStub;
import org.jwtverifier.testsupport.IntrospectionStub.Reply;
import org.jwtverifier.token.JwtTokenVerifier;
import org.jwtverifier.verdict.Reason;

/**
 * docs/examples/introspection.yaml (shown in docs/introspection.md) does what the page says: its opaque tokens are
 * introspected at the endpoint its issuer's discovery document names, with Basic client authentication, and the
 * answer meets the route's scope and renders the identity headers.
 */
class IntrospectionDocTest {
    private static final Path EXAMPLE = Path.of("docs/examples/introspection.yaml");
    private final IntrospectionStub idp = IntrospectionStub.start();

    @AfterEach
    void close() {
        idp.close();
    }

    @Test
    void theExampleIntrospectsAtTheDiscoveredEndpointAndAppliesTheRoute(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("jwt-verifier-introspection");
        Files.writeString(secret, "the-secret\n", StandardCharsets.UTF_8);
        String yaml = Files.readString(EXAMPLE, StandardCharsets.UTF_8)
                .replace("https://idp.example.com", idp.issuer())
                .replace("/run/secrets/jwt-verifier-introspection", secret.toString());
        VerifierConfig config = new ConfigParser(Clock.systemUTC()).parse(yaml, dir.resolve("config.yaml"));
        long exp = Clock.systemUTC().instant().getEpochSecond() + 300;
        idp.replies(token -> token.equals("admin-token")
                ? Reply.active("\"sub\":\"u-1\",\"username\":\"alice\",\"client_id\":\"orders-web\","
                        + "\"scope\":\"openid orders:admin\",\"aud\":\"orders-api\",\"exp\":" + exp)
                : Reply.active("\"sub\":\"u-2\",\"scope\":\"openid\",\"aud\":\"orders-api\",\"exp\":" + exp));
        Decider decider = new Decider(new JwtTokenVerifier(Map.of()), new PolicyTable(config),
                config.trustedProxies(), config.maxTokenBytes(), DecisionListener.NONE, config.decisionLog(),
                Clock.systemUTC(), TokenIntrospection.of(config.issuerList(), RevocationCheck.NONE, Clock.systemUTC()));

        Decision.Admitted admin = assertInstanceOf(Decision.Admitted.class, decide(decider, "/admin/x", "admin-token"));
        assertEquals(Map.of("X-User-Id", "u-1", "X-User-Name", "alice", "X-Client-Id", "orders-web"),
                admin.headers());
        assertEquals(java.util.Base64.getEncoder().encodeToString("jwt-verifier:the-secret".getBytes(
                StandardCharsets.UTF_8)), idp.lastAuthorization().substring("Basic ".length()));
        Decision.Rejected user = assertInstanceOf(Decision.Rejected.class, decide(decider, "/admin/x", "user-token"));
        assertEquals(Reason.INSUFFICIENT_SCOPE, user.reason());
        assertInstanceOf(Decision.Admitted.class, decide(decider, "/orders", "user-token"));
        assertEquals(2, idp.calls());
    }

    private static Decision decide(Decider decider, String path, String token) {
        return decider.decide(new ForwardAuthRequest("127.0.0.1", List.of("Bearer " + token), List.of(), null,
                "GET", "https", "orders.example.com", path));
    }
}
