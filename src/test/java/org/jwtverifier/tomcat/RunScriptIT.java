package org.jwtverifier.tomcat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.Deployments;
import org.jwtverifier.testsupport.LoopbackPorts;
import org.jwtverifier.testsupport.ScriptRun;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.VerifierClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tomcat/run.sh} as a service, as an operator runs it: {@code --no-build start} of the packaged WAR with the
 * demo configuration on a base and ports of the test's own, {@code status}, a second start refused without
 * touching the running instance, the rotation rehearsal of docs/key-rotation.md step by step (the demo minter's
 * second key, the JMX recipes' refresh and flush), the recipes' read-only user refused an operation, {@code stop}
 * by PID; then a start whose deployment fails, which must fail loudly and leave nothing running. The Tomcat is the
 * 10.1 distribution from the local Maven repository, which run.sh unpacks itself.
 */
class RunScriptIT {
    private static final Duration BOUND = Duration.ofSeconds(150);
    private static final Pattern STARTED = Pattern.compile("started PID (\\d+) ");

    static Path base;
    static Path rotation;
    static int httpPort;
    static final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void ownBaseAndPorts() {
        base = TestConfig.freshDirectory("RunScriptIT-base");
        rotation = TestConfig.freshDirectory("RunScriptIT-rotation");
        httpPort = LoopbackPorts.free();
        env.put("TOMCAT_BASE", base.toString());
        env.put("HTTP_PORT", Integer.toString(httpPort));
        env.put("JMX_PORT", Integer.toString(LoopbackPorts.free()));
        env.put("WAR", Deployments.packagedWar().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JWT_VERIFIER_YAML", rotation.resolve("demo.yaml").toString());
        env.put("CATALINA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        env.put("XDG_CACHE_HOME", TestConfig.workDir().resolve("RunScriptIT-cache").toString());
    }

    /** Whatever happened, no Tomcat of this test outlives it: killed by the PID its PID file names. */
    @AfterAll
    static void killLeftOver() throws IOException {
        Path pidFile = base.resolve("jwt-verifier.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    static ScriptRun runSh(Map<String, String> extra, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        List<String> command = new java.util.ArrayList<>(List.of("bash", "tomcat/run.sh"));
        command.addAll(List.of(args));
        return ScriptRun.run(BOUND, all, command);
    }

    static ScriptRun runSh(String... args) {
        return runSh(Map.of(), args);
    }

    static long startedPid(ScriptRun run) {
        Matcher m = STARTED.matcher(run.out());
        assertTrue(m.find(), run::toString);
        return Long.parseLong(m.group(1));
    }

    static void assertAdmitted(VerifierClient client, String token) {
        HttpResponse<String> r = client.verify(token);
        assertEquals(200, r.statusCode(), r::toString);
        assertEquals(Optional.of("alice"), r.headers().firstValue("X-User-Id"));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static ScriptRun bash(String commandLine) {
        ScriptRun run = ScriptRun.run(BOUND, env, List.of("bash", "-c", commandLine));
        assertEquals(0, run.exit(), run::toString);
        return run;
    }

    static String mint(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("webapp-config/demo/mint-token.sh"));
        command.addAll(List.of(args));
        ScriptRun run = ScriptRun.run(BOUND, env, command);
        assertEquals(0, run.exit(), run::toString);
        return run.out().strip();
    }

    static String jmx(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("jmx/jwt-verifier-jmx.sh", "--url", "127.0.0.1:" + env.get("JMX_PORT")));
        command.addAll(List.of(args));
        ScriptRun run = ScriptRun.run(BOUND, env, command);
        assertEquals(0, run.exit(), run::toString);
        return run.out();
    }

    @Test
    void startStatusSecondStartRefusedRotationRehearsalStopThenAFailedDeploymentFailsTheStart() throws Exception {
        String health = "http://127.0.0.1:" + httpPort + "/jwt-verifier/health";
        // docs/key-rotation.md, "Rehearse a rotation on the demo", with this test's folder for /tmp/rotation.
        bash("cp webapp-config/demo/jwks.json " + rotation + "/jwks.json");
        bash("sed 's|jwksFile: demo/jwks.json|jwksFile: " + rotation + "/jwks.json|' webapp-config/demo.yaml > "
                + rotation + "/demo.yaml");

        ScriptRun before = runSh("status");
        assertEquals(3, before.exit(), before::toString);
        assertEquals("tomcat/run.sh: not running (base " + base + ")\n", before.out(), before::toString);

        ScriptRun start = runSh("--no-build", "start");
        assertEquals(0, start.exit(), start::toString);
        assertTrue(start.out().endsWith("tomcat/run.sh: up: " + health + " answers 200\n"), start::toString);
        long pid = startedPid(start);
        assertTrue(alive(pid), start::toString);
        assertEquals(Long.toString(pid), Files.readString(base.resolve("jwt-verifier.pid")).trim());
        assertTrue(ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("")
                .contains("-Dcatalina.base=" + base + " "), "the PID names this base's Tomcat JVM");
        VerifierClient client = new VerifierClient("http://127.0.0.1:" + httpPort + "/jwt-verifier");
        assertEquals(200, client.get("/health").statusCode());

        ScriptRun status = runSh("status");
        assertEquals(0, status.exit(), status::toString);
        assertEquals("tomcat/run.sh: running, PID " + pid + ", base " + base + "; " + health + " answers 200\n",
                status.out(), status::toString);

        Path war = base.resolve("webapps/jwt-verifier.war");
        FileTime deployed = Files.getLastModifiedTime(war);
        for (String command : List.of("start", "run", "prepare")) {
            ScriptRun second = runSh("--no-build", command);
            assertEquals(1, second.exit(), second::toString);
            assertEquals("tomcat/run.sh: refused: jwt-verifier already runs on this base as PID " + pid + " (" + base
                    + "); 'tomcat/run.sh stop' stops it, or set TOMCAT_BASE, HTTP_PORT and JMX_PORT for a second one",
                    second.lastErrLine(), second::toString);
        }
        assertEquals(deployed, Files.getLastModifiedTime(war), "a refused start left the running webapp alone");
        assertEquals(200, client.get("/health").statusCode());

        String old = mint("--sub", "alice");
        assertAdmitted(client, old);
        bash("webapp-config/demo/mint-token.sh --new-key " + rotation + " --kid demo-2027");
        String rotated = mint("--key", rotation.resolve("private-key.pem").toString(), "--sub", "alice");
        assertEquals("refreshed: 2 key(s) [demo-2026, demo-2027]\n", jmx("refresh", "https://demo.jwt-verifier.local"));
        assertAdmitted(client, rotated);
        assertAdmitted(client, old);
        bash("webapp-config/demo/mint-token.sh --key " + rotation.resolve("private-key.pem") + " --print-jwks > "
                + rotation + "/jwks.json");
        assertEquals("refreshed: 1 key(s) [demo-2027]\n", jmx("flush", "https://demo.jwt-verifier.local"));
        HttpResponse<String> retired = client.verify(old);
        assertEquals(401, retired.statusCode(), retired::toString);
        assertAdmitted(client, rotated);

        // JMX is authenticated: monitor reads, and is refused an operation.
        String url = "127.0.0.1:" + env.get("JMX_PORT");
        assertTrue(jmx("--user", "monitor", "--password", "monitor-demo", "counters").contains("AdmittedCount = 4;"));
        ScriptRun monitorFlushes = ScriptRun.run(BOUND, env, List.of("jmx/jwt-verifier-jmx.sh", "--url", url,
                "--user", "monitor", "--password", "monitor-demo", "cache-flush"));
        assertEquals(1, monitorFlushes.exit(), monitorFlushes::toString);
        assertEquals("jwt-verifier-jmx.sh: refused: monitor may not do that on " + url
                + " (a read-only user; operations need a readwrite one such as admin)", monitorFlushes.lastErrLine());

        ScriptRun stop = runSh("stop");
        assertEquals(0, stop.exit(), stop::toString);
        assertEquals("tomcat/run.sh: stopping PID " + pid + " (SIGTERM; SIGKILL after 30 s)\ntomcat/run.sh: stopped\n",
                stop.out(), stop::toString);
        assertFalse(alive(pid), "Tomcat is gone");
        assertFalse(Files.exists(base.resolve("jwt-verifier.pid")));
        assertEquals(3, runSh("status").exit());
        ScriptRun stopAgain = runSh("stop");
        assertEquals(0, stopAgain.exit(), stopAgain::toString);
        assertEquals("tomcat/run.sh: not running (base " + base + ")\n", stopAgain.out(), stopAgain::toString);

        ScriptRun prepare = runSh("--no-build", "prepare");
        assertEquals(0, prepare.exit(), prepare::toString);
        assertTrue(prepare.out().endsWith("tomcat/run.sh: laid out " + base + ": CATALINA_HOME=CATALINA_BASE=" + base + " "
                + base + "/bin/catalina.sh run (HTTP_PORT, JMX_PORT) runs it\n"), prepare::toString);
        assertTrue(Files.isRegularFile(base.resolve("conf/Catalina/localhost/jwt-verifier.xml")));
        assertEquals(3, runSh("status").exit(), "prepare starts nothing");

        Path broken = TestConfig.writeFile("RunScriptIT-broken.yaml", "issuers: [ this is not a configuration\n");
        ScriptRun failed = runSh(Map.of("JWT_VERIFIER_YAML", broken.toString()), "--no-build", "start");
        assertEquals(1, failed.exit(), failed::toString);
        assertEquals("tomcat/run.sh: start failed: " + health + " answers 404: the deployment failed; Tomcat stopped"
                + " (see " + base + "/logs/)", failed.lastErrLine(), failed::toString);
        long failedPid = startedPid(failed);
        assertFalse(alive(failedPid), "a failed start leaves no Tomcat behind");
        assertFalse(Files.exists(base.resolve("jwt-verifier.pid")));
    }
}
