package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;

/**
 * The operator's jmxterm recipes ({@code jmx/jwt-verifier-jmx.sh}) against the Tomcat that runs the WAR, through
 * its JMX port: counters, keys, refresh, flush, cache, cache-flush, reload, with issuers whose ObjectName needs
 * quoting (a URL with a port, one with a path). The test Tomcat has no JMX authentication: the recipes work with
 * the demo credentials (which such a server ignores) and without any ({@code --user ''}).
 */
class JmxtermRecipesIT extends DeployedVerifierTest {

    static final String[] LONG_TTL = {"keyCacheTtl: 1h", "minRefreshInterval: 10m"};

    /** Issuer http://127.0.0.1:PORT. */
    static TestIdp local;
    /** Issuer with a path, as Keycloak names its realms. */
    static TestIdp realm;
    static Path configFile;


    @Deployment(testable = false)
    static WebArchive deployment() {
        local = closeAfterAll.add(TestIdp.start());
        realm = closeAfterAll.add(TestIdp.start("https://idp.example.com:8443/realms/main"));
        configFile = TestConfig.create()
                .freshKeyStore("JmxtermRecipesIT")
                .issuer(local, LONG_TTL)
                .issuer(realm, LONG_TTL)
                .write("JmxtermRecipesIT");
        return Deployments.war(configFile);
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the recipe script with {@code --url 127.0.0.1:<jmx port>} and the given arguments. */
    static Run recipe(String... args) {
        Path base = Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath();
        Path script = base.resolve("jmx/jwt-verifier-jmx.sh");
        assertTrue(Files.isRegularFile(script), "no " + script);
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--url", "127.0.0.1:" + RemoteJmx.port()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(base.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("jwt-verifier-jmx.sh " + String.join(" ", args) + " did not finish within 90 s");
            }
            Run run = new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
            System.out.println("$ jwt-verifier-jmx.sh " + String.join(" ", args) + "\n" + run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run ok(String... args) {
        Run run = recipe(args);
        assertEquals(0, run.exit(), () -> String.join(" ", args) + ": " + run);
        return run;
    }

    @BeforeEach
    void keysHeld() {
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            for (TestIdp idp : List.of(local, realm)) {
                ObjectName bean = RemoteJmx.keyStore(idp.issuer());
                Await.until(Duration.ofSeconds(15), () -> jmx.isRegistered(bean) && (Boolean) jmx.get(bean, "Usable"),
                        () -> idp.issuer() + " has no keys");
            }
        }
    }

    @Test
    void countersKeysAndCacheRead() {
        String token = local.mint(Alg.RS256, AUDIENCE, "alice", null);
        assertAdmitted(client.verify(token), "alice", null);
        assertAdmitted(client.verify(token), "alice", null);
        long admitted;
        long hits;
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            admitted = jmx.getLong(RemoteJmx.verifier(), "AdmittedCount");
            hits = jmx.getLong(RemoteJmx.tokenCache(), "Hits");
        }

        Run counters = ok("--user", "admin", "--password", "admin-demo", "counters");
        assertTrue(counters.out().contains("AdmittedCount = " + admitted + ";"), counters::toString);
        assertTrue(counters.out().contains("DecisionsByReason = {") && counters.out().contains("key = verified;"),
                counters::toString);
        assertTrue(counters.out().contains("LatencyP99Micros = "), counters::toString);

        // Without credentials: the test Tomcat does not ask for any.
        Run anonymous = ok("--user", "", "counters");
        assertTrue(anonymous.out().contains("AdmittedCount = " + admitted + ";"), anonymous::toString);

        Run keys = ok("keys");
        for (TestIdp idp : List.of(local, realm)) {
            assertTrue(keys.out().contains("# jwt-verifier:context=/jwt-verifier,issuer=" + ObjectName.quote(idp.issuer())
                    + ",type=KeyStore"), keys::toString);
            assertTrue(keys.out().contains("Issuer = " + idp.issuer() + ";"), keys::toString);
            assertTrue(keys.out().contains("key = " + idp.key(Alg.ES256).kid() + ";"), keys::toString);
        }
        assertTrue(keys.out().contains("Usable = true;"), keys::toString);

        Run cache = ok("cache");
        assertTrue(cache.out().contains("Enabled = true;") && cache.out().contains("Hits = " + hits + ";"), cache::toString);
    }

    @Test
    void refreshPicksUpARotatedKeyOfEitherIssuer() {
        for (TestIdp idp : List.of(local, realm)) {
            SigningKey rotated = idp.rotate(Alg.ES256, false);
            String token = idp.mint(Alg.ES256, AUDIENCE, "bob", null);
            // minRefreshInterval 10m: only the operator's refresh brings the new key in.
            assertInvalidToken(client.verify(token), token);
            Run refresh = ok("refresh", idp.issuer());
            assertTrue(refresh.out().startsWith("refreshed: ") && refresh.out().contains(rotated.kid()), refresh::toString);
            assertAdmitted(client.verify(token), "bob", null);
        }
    }

    @Test
    void flushCacheFlushAndReload() {
        SigningKey revoked = realm.key(Alg.PS256);
        String token = realm.mint(Alg.PS256, AUDIENCE, "carol", null);
        assertAdmitted(client.verify(token), "carol", null);
        realm.rotate(Alg.PS256, true);
        Run flush = ok("flush", realm.issuer());
        assertTrue(flush.out().startsWith("refreshed: ") && !flush.out().contains(revoked.kid()), flush::toString);
        assertInvalidToken(client.verify(token), token);

        String cached = local.mint(Alg.EdDSA, AUDIENCE, "dave", null);
        assertAdmitted(client.verify(cached), "dave", null);
        ok("cache-flush");
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            assertEquals(0, jmx.getLong(RemoteJmx.tokenCache(), "Size"), "cache-flush emptied the token cache");
        }

        Run reload = ok("reload");
        assertEquals("reloaded: 2 issuer(s) from " + configFile, reload.out().trim(), reload::toString);
        assertAdmitted(client.verify(cached), "dave", null);
    }

    @Test
    void revokeTokenSubjectAndSessionThenRevocationsListsThem() {
        String jti = "recipe-" + TestIdp.randomTag();
        String sid = "recipe-sid-" + TestIdp.randomTag();
        String byJti = local.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("erin").id(jti));
        String bySubject = realm.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("frank")
                .issuedAt(java.util.Date.from(java.time.Instant.now().minusSeconds(5))));
        String bySession = local.mint(Alg.RS256, b -> b.audience().add(AUDIENCE).and().subject("grace")
                .claim("sid", sid));
        for (String token : List.of(byJti, bySubject, bySession)) {
            assertEquals(200, client.verify(token).statusCode());
        }
        String until = java.time.Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        Run token = ok("revoke-token", local.issuer(), jti, until);
        assertEquals("revoked: jti " + jti + " of " + local.issuer() + " until " + until, token.out().trim(),
                token::toString);
        Run subject = ok("revoke-subject", realm.issuer(), "frank");
        assertTrue(subject.out().startsWith("revoked: tokens of sub frank of " + realm.issuer()), subject::toString);
        Run session = ok("revoke-session", local.issuer(), sid);
        assertTrue(session.out().startsWith("revoked: tokens of sid " + sid), session::toString);
        for (String revoked : List.of(byJti, bySubject, bySession)) {
            assertEquals("The token has been revoked", assertInvalidToken(client.verify(revoked), revoked)
                    .param("error_description"));
        }
        Run withoutUntil = ok("revoke-token", local.issuer(), jti + "-2");
        assertTrue(withoutUntil.out().startsWith("revoked: jti " + jti + "-2"), withoutUntil::toString);

        Run list = ok("revocations", "50");
        assertTrue(list.out().contains("TokenIdCount = "), list::toString);
        assertTrue(list.out().contains("jti\t" + local.issuer() + "\t" + jti + "\t-\t" + until), list::toString);
        assertTrue(list.out().contains("sub\t" + realm.issuer() + "\tfrank\t"), list::toString);
        assertTrue(list.out().contains("sid\t" + local.issuer() + "\t" + sid + "\t"), list::toString);

        Run refused = recipe("revoke-subject", "https://not-configured.example.com", "frank");
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.out().startsWith("refused: 'https://not-configured.example.com' is not a configured"
                + " issuer"), refused::toString);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            for (String[] removal : List.of(new String[]{"removeTokenId", local.issuer(), jti},
                    new String[]{"removeTokenId", local.issuer(), jti + "-2"},
                    new String[]{"removeSubject", realm.issuer(), "frank"},
                    new String[]{"removeSession", local.issuer(), sid})) {
                String removed = (String) jmx.invoke(RemoteJmx.revocations(), removal[0], removal[1], removal[2]);
                assertTrue(removed.startsWith("removed: "), removed);
            }
        }
    }

    @Test
    void failuresExitNonZeroWithTheReason() {
        Run unknownIssuer = recipe("refresh", "https://not-configured.example.com");
        assertNotEquals(0, unknownIssuer.exit(), unknownIssuer::toString);
        assertTrue(unknownIssuer.err().contains("no KeyStore bean for issuer https://not-configured.example.com"),
                unknownIssuer::toString);

        Run otherContext = recipe("--context", "/nothing-here", "cache");
        assertNotEquals(0, otherContext.exit(), otherContext::toString);

        Run noServer = recipe("--url", "127.0.0.1:1", "counters");
        assertNotEquals(0, noServer.exit(), noServer::toString);
        assertTrue(noServer.err().contains("jmxterm failed"), noServer::toString);
    }
}
