package org.jwtverifier.e2e;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The verifier as the end-to-end tests deploy it: the packaged WAR on the managed Tomcat, configured with the test
 * IdP, the identity headers of {@code docs/examples/identity-headers.yaml} and the routes below (the same for every
 * proxy), plus a second issuer whose keys can never be fetched (its tokens get 503). Mints the tokens the cases
 * need.
 *
 * <pre>
 * /public/...     access: public
 * /internal...    access: deny
 * /admin...       scopes: [admin]
 * /downloads...   tokenQueryParameter: access_token
 * host shop.example.com: audiences [shop-api], audienceFromHost
 * anything else:  a valid token for api.example.com
 * </pre>
 */
public final class E2eVerifier implements AutoCloseable {

    public static final String AUDIENCE = "api.example.com";

    private final TestIdp idp;
    private final TestIdp unreachableIssuer;
    private final Path config;

    private E2eVerifier(String name, String trustedProxies) {
        idp = TestIdp.start("https://idp.example.com");
        // Mints tokens for an issuer whose JWKS URL is a closed port: the verifier never holds its keys.
        unreachableIssuer = TestIdp.start("https://unreachable-" + TestIdp.randomTag() + ".example.com");
        int closedPort = LoopbackPorts.free();
        String yaml = """
                # written by the end-to-end tests
                realm: jwt-verifier
                %s
                %s
                issuers:
                  - issuer: "%s"
                    jwksUri: "%s"
                    audiences: [%s]
                  - issuer: "%s"
                    jwksUri: "http://127.0.0.1:%d/jwks.json"
                    audiences: [%s]
                    connectTimeout: 500ms
                    unknownKidWait: 300ms
                routes:
                  - name: public
                    pathPrefix: /public/
                    access: public
                  - name: internal
                    pathPrefix: /internal
                    access: deny
                  - name: admin
                    pathPrefix: /admin
                    scopes: [admin]
                  - name: downloads
                    pathPrefix: /downloads
                    tokenQueryParameter: access_token
                  - name: shop
                    host: shop.example.com
                    audiences: [shop-api]
                    audienceFromHost: true
                """.formatted(identityHeaders(), trustedProxies == null ? "" : "trustedProxies: " + trustedProxies,
                idp.issuer(), idp.jwksUri(), AUDIENCE, unreachableIssuer.issuer(), closedPort, AUDIENCE);
        config = TestConfig.writeFile(name + "/jwt-verifier.yaml", yaml);
    }

    /** The documented identity headers the proxy examples copy: {@code docs/examples/identity-headers.yaml}. */
    private static String identityHeaders() {
        try {
            return Files.readString(Templates.docsExample("identity-headers.yaml"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forwarded headers trusted from loopback (the default). */
    public static E2eVerifier create(String name) {
        return new E2eVerifier(name, null);
    }

    /** With {@code trustedProxies} set to the given YAML flow list, e.g. {@code [10.0.0.0/8]}. */
    public static E2eVerifier createTrusting(String name, String trustedProxiesFlowList) {
        return new E2eVerifier(name, trustedProxiesFlowList);
    }

    public WebArchive war() {
        return Deployments.war(config);
    }

    /** {@code 127.0.0.1:PORT} of the Tomcat this run drives. */
    public static String hostPort() {
        return "127.0.0.1:" + System.getProperty("jwtverifier.it.http.port", "18080");
    }

    public static int port() {
        return Integer.parseInt(System.getProperty("jwtverifier.it.http.port", "18080"));
    }

    /** Waits until the deployed verifier admits a valid token (its keys fetched). */
    public void awaitAdmitting() {
        VerifierClient client = new VerifierClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = client.verify(valid("readiness", null));
                if (last.statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not answering yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the verifier did not admit a valid token within 30 s; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.headers().map()));
    }

    // ---- tokens --------------------------------------------------------------------------------

    /** Valid for {@value #AUDIENCE}; {@code email} null leaves the claim out. */
    public String valid(String subject, String email) {
        return idp.mint(Alg.RS256, AUDIENCE, subject, email);
    }

    /** Valid for {@value #AUDIENCE}, with {@code claims} added as they are (any JSON value). */
    public String withClaims(String subject, java.util.Map<String, ?> claims) {
        return idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject(subject).claims(claims));
    }

    public String withScope(String subject, String scope) {
        return idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject(subject)
                .claim("email", subject + "@example.com").claim("scope", scope));
    }

    public String withAudience(String subject, String audience) {
        return idp.mint(Alg.RS256, audience, subject, subject + "@example.com");
    }

    public String expired(String subject) {
        Instant now = Instant.now();
        return idp.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject(subject)
                .claim("email", subject + "@example.com")
                .issuedAt(Date.from(now.minus(Duration.ofMinutes(30))))
                .expiration(Date.from(now.minus(Duration.ofMinutes(10)))));
    }

    /** A well-formed token of the issuer whose keys the verifier cannot fetch: 503. */
    public String fromUnreachableIssuer(String subject) {
        return unreachableIssuer.mint(Alg.RS256, AUDIENCE, subject, subject + "@example.com");
    }

    @Override
    public void close() {
        idp.close();
        unreachableIssuer.close();
    }
}
