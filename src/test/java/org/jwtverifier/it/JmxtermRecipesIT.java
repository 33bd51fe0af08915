package org.jwtverifier.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Alg;
import org.jwtverifier.testsupport.Await;
import org.jwtverifier.testsupport.DeployedVerifierTest;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.RemoteJmx;
import org.jwtverifier.testsupport.ScriptRun;
import org.jwtverifier.testsupport.SigningKey;
import org.jwtverifier.testsupport.StandaloneTomcat;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jwtverifier.testsupport.TestConfig.AUDIENCE;
import static org.jwtverifier.testsupport.VerifyAssertions.assertAdmitted;
import static org.jwtverifier.testsupport.VerifyAssertions.assertInvalidToken;

/**
 * The operator's jmxterm recipes ({@code jmx/jwt-verifier-jmx.sh}) against the Tomcat that runs the WAR, through
 * its JMX port: counters, keys, refresh, flush, cache, cache-flush, reload, with issuers whose ObjectName needs
 * quoting (a URL with a port, one with a path). The test Tomcat has no JMX authentication: the recipes work with
 * the demo credentials (which such a server ignores) and without any ({@code --user ''}). Exit codes (0 done,
 * 1 refused or failed, 2 usage) and the one line printed for each outcome are held exactly; wrong credentials and
 * a verifier whose deployment failed are shown on a Tomcat of the shipped setup (authenticated JMX).
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

    /** Where the recipes keep jmxterm in these tests (XDG_CACHE_HOME): the build's own, never the user's. */
    static final Path CACHE = TestConfig.workDir().resolve("JmxtermRecipesIT-cache");

    /** Runs the recipe script with {@code --url 127.0.0.1:<jmx port>} and the given arguments. */
    static ScriptRun recipe(String... args) {
        return recipeAt(RemoteJmx.port(), args);
    }

    static ScriptRun recipeAt(int jmxPort, String... args) {
        return recipeWith(CACHE, "127.0.0.1:" + jmxPort, args);
    }

    static ScriptRun recipeWith(Path cache, String url, String... args) {
        Path script = ScriptRun.projectDir().resolve("jmx/jwt-verifier-jmx.sh");
        assertTrue(Files.isRegularFile(script), "no " + script);
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--url", url));
        command.addAll(List.of(args));
        return ScriptRun.run(Duration.ofSeconds(90), Map.of("XDG_CACHE_HOME", cache.toString()), command);
    }

    /** The one line the script prints on stderr when it stops. */
    static String reason(ScriptRun run) {
        List<String> lines = run.err().lines().filter(l -> l.startsWith("jwt-verifier-jmx.sh: ")
                && !l.contains("jmxterm 1.0.4: ")).toList();
        assertEquals(1, lines.size(), () -> "one line that says why: " + run);
        return lines.get(0).substring("jwt-verifier-jmx.sh: ".length());
    }

    static ScriptRun refused(String... args) {
        ScriptRun run = recipe(args);
        assertEquals(1, run.exit(), () -> String.join(" ", args) + ": " + run);
        assertEquals("", run.out(), run::toString);
        return run;
    }

    static ScriptRun ok(String... args) {
        ScriptRun run = recipe(args);
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

        ScriptRun counters = ok("--user", "admin", "--password", "admin-demo", "counters");
        assertTrue(counters.out().contains("AdmittedCount = " + admitted + ";"), counters::toString);
        assertTrue(counters.out().contains("DecisionsByReason = {") && counters.out().contains("key = verified;"),
                counters::toString);
        assertTrue(counters.out().contains("LatencyP99Micros = "), counters::toString);

        // Without credentials: the test Tomcat does not ask for any.
        ScriptRun anonymous = ok("--user", "", "counters");
        assertTrue(anonymous.out().contains("AdmittedCount = " + admitted + ";"), anonymous::toString);

        ScriptRun keys = ok("keys");
        for (TestIdp idp : List.of(local, realm)) {
            assertTrue(keys.out().contains("# jwt-verifier:context=/jwt-verifier,issuer=" + ObjectName.quote(idp.issuer())
                    + ",type=KeyStore"), keys::toString);
            assertTrue(keys.out().contains("Issuer = " + idp.issuer() + ";"), keys::toString);
            assertTrue(keys.out().contains("key = " + idp.key(Alg.ES256).kid() + ";"), keys::toString);
        }
        assertTrue(keys.out().contains("Usable = true;"), keys::toString);

        ScriptRun cache = ok("cache");
        assertTrue(cache.out().contains("Enabled = true;") && cache.out().contains("Hits = " + hits + ";"), cache::toString);
    }

    @Test
    void refreshPicksUpARotatedKeyOfEitherIssuer() {
        for (TestIdp idp : List.of(local, realm)) {
            SigningKey rotated = idp.rotate(Alg.ES256, false);
            String token = idp.mint(Alg.ES256, AUDIENCE, "bob", null);
            // minRefreshInterval 10m: only the operator's refresh brings the new key in.
            assertInvalidToken(client.verify(token), token);
            ScriptRun refresh = ok("refresh", idp.issuer());
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
        ScriptRun flush = ok("flush", realm.issuer());
        assertTrue(flush.out().startsWith("refreshed: ") && !flush.out().contains(revoked.kid()), flush::toString);
        assertInvalidToken(client.verify(token), token);

        String cached = local.mint(Alg.EdDSA, AUDIENCE, "dave", null);
        assertAdmitted(client.verify(cached), "dave", null);
        long size;
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            size = jmx.getLong(RemoteJmx.tokenCache(), "Size");
        }
        assertTrue(size > 0, "the admitted token is cached");
        ScriptRun cacheFlush = ok("cache-flush");
        assertEquals("cache flushed: it held " + size + " token(s)\n", cacheFlush.out(), cacheFlush::toString);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            assertEquals(0, jmx.getLong(RemoteJmx.tokenCache(), "Size"), "cache-flush emptied the token cache");
        }

        ScriptRun reload = ok("reload");
        assertEquals("reloaded: 2 issuer(s) from " + configFile, reload.out().trim(), reload::toString);
        assertAdmitted(client.verify(cached), "dave", null);
    }

    @Test
    void resetCountersSaysWhatItReset() {
        assertAdmitted(client.verify(local.mint(Alg.RS256, AUDIENCE, "erin", null)), "erin", null);
        long admitted;
        long rejected;
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            admitted = jmx.getLong(RemoteJmx.verifier(), "AdmittedCount");
            rejected = jmx.getLong(RemoteJmx.verifier(), "RejectedCount");
        }
        ScriptRun reset = ok("reset-counters");
        assertEquals("counters reset: admitted " + admitted + ", rejected " + rejected + ", unavailable 0 before\n",
                reset.out(), reset::toString);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            assertEquals(0, jmx.getLong(RemoteJmx.verifier(), "AdmittedCount"), "reset-counters set them to zero");
        }
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
        ScriptRun token = ok("revoke-token", local.issuer(), jti, until);
        assertEquals("revoked: jti " + jti + " of " + local.issuer() + " until " + until, token.out().trim(),
                token::toString);
        ScriptRun subject = ok("revoke-subject", realm.issuer(), "frank");
        assertTrue(subject.out().startsWith("revoked: tokens of sub frank of " + realm.issuer()), subject::toString);
        ScriptRun session = ok("revoke-session", local.issuer(), sid);
        assertTrue(session.out().startsWith("revoked: tokens of sid " + sid), session::toString);
        for (String revoked : List.of(byJti, bySubject, bySession)) {
            assertEquals("The token has been revoked", assertInvalidToken(client.verify(revoked), revoked)
                    .param("error_description"));
        }
        ScriptRun withoutUntil = ok("revoke-token", local.issuer(), jti + "-2");
        assertTrue(withoutUntil.out().startsWith("revoked: jti " + jti + "-2"), withoutUntil::toString);

        ScriptRun list = ok("revocations", "50");
        assertTrue(list.out().contains("TokenIdCount = "), list::toString);
        assertTrue(list.out().contains("jti\t" + local.issuer() + "\t" + jti + "\t-\t" + until), list::toString);
        assertTrue(list.out().contains("sub\t" + realm.issuer() + "\tfrank\t"), list::toString);
        assertTrue(list.out().contains("sid\t" + local.issuer() + "\t" + sid + "\t"), list::toString);

        ScriptRun refusal = refused("revoke-subject", "https://not-configured.example.com", "frank");
        assertTrue(reason(refusal).startsWith("revoke-subject https://not-configured.example.com: refused:"
                + " 'https://not-configured.example.com' is not a configured issuer"), refusal::toString);
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
    void rejectedReloadExitsOneWithTheReasonAndKeepsTheRunningConfiguration() throws IOException {
        String good = Files.readString(configFile);
        try {
            Files.writeString(configFile, "issuers: [ this is not a configuration\n");
            ScriptRun reload = refused("reload");
            assertTrue(reason(reload).startsWith("reload: rejected, running configuration kept: "), reload::toString);
        } finally {
            Files.writeString(configFile, good);
        }
        assertAdmitted(client.verify(local.mint(Alg.RS256, AUDIENCE, "frank", null)), "frank", null);
        ok("reload");
    }

    @Test
    void failedRefreshExitsOneWithTheReason() {
        local.failWith500();
        try {
            ScriptRun refresh = refused("refresh", local.issuer());
            assertTrue(reason(refresh).startsWith("refresh " + local.issuer() + ": refresh failed: "), refresh::toString);
        } finally {
            local.restore();
        }
        ScriptRun again = ok("refresh", local.issuer());
        assertTrue(again.out().startsWith("refreshed: "), again::toString);
    }

    @Test
    void failuresExitOneWithOneLineThatSaysWhy() {
        ScriptRun unknownIssuer = refused("refresh", "https://not-configured.example.com");
        assertTrue(reason(unknownIssuer).startsWith("no KeyStore bean for issuer https://not-configured.example.com"
                + " in context /jwt-verifier on 127.0.0.1:" + RemoteJmx.port() + "; configured: "), unknownIssuer::toString);
        assertTrue(reason(unknownIssuer).contains(local.issuer()) && reason(unknownIssuer).contains(realm.issuer()),
                unknownIssuer::toString);

        for (String command : List.of("cache", "keys", "cache-flush", "reload")) {
            ScriptRun otherContext = refused("--context", "/nothing-here", command);
            assertTrue(reason(otherContext).startsWith("jwt-verifier is not deployed at context /nothing-here on 127.0.0.1:"
                    + RemoteJmx.port() + " (deployed at: "), otherContext::toString);
            assertTrue(reason(otherContext).contains("/jwt-verifier"), otherContext::toString);
        }

        int closed = LoopbackPorts.free();
        ScriptRun noServer = recipeAt(closed, "counters");
        assertEquals(1, noServer.exit(), noServer::toString);
        assertEquals("no JMX server answers at 127.0.0.1:" + closed + " (is Tomcat running, with JMX on that port?"
                + " tomcat/run.sh uses JMX_PORT, default 9010)", reason(noServer), noServer::toString);
    }

    @Test
    void usageExitsTwoAndHelpShowsOnlyTheHeader() {
        for (String[] args : List.of(new String[]{}, new String[]{"bogus"}, new String[]{"refresh"},
                new String[]{"cache", "extra"}, new String[]{"--nope", "cache"})) {
            ScriptRun run = recipe(args);
            assertEquals(2, run.exit(), run::toString);
            assertTrue(run.err().contains("Administers a running jwt-verifier over remote JMX"), run::toString);
        }
        ScriptRun help = recipe("--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().startsWith("Administers a running jwt-verifier"), help::toString);
        assertTrue(help.out().contains("  reload ") && help.out().contains("Exit codes: 0 done; 1 refused or failed"), help::toString);
        assertTrue(help.out().strip().endsWith("(announced on stderr)."), () -> "the help ends with its text: " + help);
    }

    @Test
    void jmxtermIsCachedOutsideTargetAndItsFirstCopyAnnounced() throws IOException {
        Path cache = TestConfig.freshDirectory("JmxtermRecipesIT-fresh-cache");
        String url = "127.0.0.1:" + RemoteJmx.port();
        ScriptRun first = recipeWith(cache, url, "beans");
        assertEquals(0, first.exit(), first::toString);
        assertEquals("jwt-verifier-jmx.sh: jmxterm 1.0.4: copying it from the local Maven repository to "
                + cache.resolve("jwt-verifier") + " (once)\n", first.err(), first::toString);
        assertTrue(Files.size(cache.resolve("jwt-verifier/jmxterm-1.0.4-uber.jar")) > 100_000, first::toString);
        ScriptRun second = recipeWith(cache, url, "beans");
        assertEquals(0, second.exit(), second::toString);
        assertEquals("", second.err(), second::toString);
        assertEquals(first.out(), second.out());
    }

    /**
     * A Tomcat of the shipped setup (authenticated JMX, tomcat/setenv.sh) whose deployment failed: Tomcat and
     * its JMX port are up, the verifier is not.
     */
    @Test
    void verifierAbsentAndWrongPasswordOnTheShippedSetup() {
        Path broken = TestConfig.writeFile("JmxtermRecipesIT-broken.yaml", "issuers: [ this is not a configuration\n");
        try (StandaloneTomcat tomcat = StandaloneTomcat.create("JmxtermRecipesIT", broken)) {
            tomcat.start(404);
            String where = "127.0.0.1:" + tomcat.jmxPort();

            ScriptRun wrongPassword = recipeAt(tomcat.jmxPort(), "--password", "not-the-password", "counters");
            assertEquals(1, wrongPassword.exit(), wrongPassword::toString);
            assertEquals("authentication failed on " + where + " as admin: wrong user or password (--user, --password)",
                    reason(wrongPassword), wrongPassword::toString);

            ScriptRun noCredentials = recipeAt(tomcat.jmxPort(), "--user", "", "counters");
            assertEquals(1, noCredentials.exit(), noCredentials::toString);
            assertEquals("authentication failed on " + where + ": wrong user or password (--user, --password)",
                    reason(noCredentials), noCredentials::toString);

            for (String command : List.of("counters", "keys", "cache-flush", "reload")) {
                ScriptRun absent = recipeAt(tomcat.jmxPort(), command);
                assertEquals(1, absent.exit(), absent::toString);
                assertEquals("", absent.out(), absent::toString);
                assertEquals("jwt-verifier is not deployed on " + where + ": the server has no jwt-verifier MBeans"
                        + " (did the deployment fail? see Tomcat's logs)", reason(absent), absent::toString);
            }
        }
    }
}
