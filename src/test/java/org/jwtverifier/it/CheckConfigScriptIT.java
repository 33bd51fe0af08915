package org.jwtverifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.LoopbackHttpServer;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.TestIdp;
import org.jwtverifier.testsupport.TestKeys;

/**
 * {@code tomcat/check-config.sh}, run as an operator runs it, on the packaged WAR: every shipped and documented
 * configuration passes it, a broken file gets every problem with its key and exit status 1, a wrong command line
 * exit status 2, and {@code --fetch} loads each issuer's keys from a real HTTP server on loopback. Needs no
 * Tomcat; an IT because it runs the packaged WAR.
 */
class CheckConfigScriptIT {
    private static final Path PROJECT = Path.of(System.getProperty("jwtverifier.it.basedir", ".")).toAbsolutePath();
    private static final Path SCRIPT = PROJECT.resolve("tomcat/check-config.sh");
    /** An issuer for a documented fragment that holds none, so that the fragment's keys are what is checked. */
    private static final String ISSUER = """
            issuers:
              - {issuer: https://idp.example.com, jwksUri: https://idp.example.com/jwks, audiences: [api.example.com]}
            """;

    private record Run(int status, String out) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("JWT_VERIFIER_WEBAPP");
        builder.environment().remove("JWT_VERIFIER_WAR");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("check-config.sh did not finish in 60 s: " + command);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^}]+)}");

    /**
     * The example with every {@code ${file:PATH}} that names a file absent here (a secret an installation keeps
     * under {@code /run/secrets}) pointing at a secret file written for the check instead, so the rest of the file
     * is checked as an installation would have it.
     */
    private static String withSecretFilesPresent(Path example, String yaml) {
        Matcher reference = FILE_REFERENCE.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String replacement = reference.group();
            if (!Files.isReadable(Path.of(reference.group(1)))) {
                Path secret = TestConfig.writeFile("CheckConfigScriptIT/" + example.getFileName() + ".secret",
                        "a-secret-for-the-check\n");
                replacement = "${file:" + secret + "}";
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(out).toString();
    }

    @Test
    void everyShippedAndDocumentedConfigurationPassesTheCheck() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("webapp-config", "docs/examples")) {
            try (Stream<Path> list = Files.list(PROJECT.resolve(dir))) {
                list.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 4, files::toString);
        for (Path file : files) {
            String yaml = Files.readString(file, StandardCharsets.UTF_8);
            String completed = withSecretFilesPresent(file, yaml);
            Path checked = file;
            if (!completed.lines().anyMatch(l -> l.startsWith("issuers:"))) {
                completed = completed + "\n" + ISSUER;
            }
            if (!completed.equals(yaml)) {
                checked = TestConfig.writeFile("CheckConfigScriptIT/" + file.getFileName(), completed);
            }
            Run run = run(checked.toString());
            assertEquals(0, run.status(), () -> file + " fails the check:\n" + run.out());
            assertTrue(run.out().startsWith(checked + ": ok, "), run.out());
        }
    }

    @Test
    void brokenFileGetsEveryProblemWithItsKeyAndStatusOne() throws Exception {
        Path file = TestConfig.writeFile("CheckConfigScriptIT/broken.yaml", """
                realm: 'bad"realm'
                colour: blue
                decisionLog: {format: xml}
                issuers:
                  - issuer: https://a.example
                    jwksUri: http://idp.example.com/jwks.json
                    audiences: []
                    trustStorePassword: ${env:CHECK_CONFIG_IT_UNSET}
                routes:
                  - {name: r, pathPrefix: /x, issuers: [https://a.example]}
                """);
        Run run = run(Map.of(), file.toString(), "--war", System.getProperty("it.war", "target/jwt-verifier.war"));
        assertEquals(1, run.status(), run.out());
        List<String> expected = List.of(
                "issuers[0].trustStorePassword: environment variable CHECK_CONFIG_IT_UNSET is not set",
                "colour: unknown key",
                "realm: must be printable ASCII without quotes or backslashes",
                "issuers[0].audiences: at least one audience is required",
                "issuers[0].jwksUri: must use https",
                "decisionLog.format: must be one of text, json");
        for (String problem : expected) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(file + ": " + problem)),
                    () -> "missing '" + problem + "' in:\n" + run.out());
        }
        assertTrue(run.out().contains(file + ": " + expected.size() + " problem(s)"),
                () -> "exactly these problems, and none for the route naming the broken issuer:\n" + run.out());
    }

    @Test
    void secretOfAReferenceIsNeverPrintedEvenWhereTheProblemIsInItsValue() throws Exception {
        String secret = "https://admin:hunter2-secret@keys.example.net/";
        Path file = TestConfig.writeFile("CheckConfigScriptIT/secret.yaml", """
                issuers:
                  - issuer: https://idp.example.com
                    jwksUri: https://idp.example.com/jwks
                    audiences: [api]
                    redirectHosts: ["${env:CHECK_CONFIG_IT_SECRET}"]
                """);
        Run run = run(Map.of("CHECK_CONFIG_IT_SECRET", secret), file.toString());
        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("issuers[0].redirectHosts: '${env:CHECK_CONFIG_IT_SECRET}' is not a host name"),
                run.out());
        assertFalse(run.out().contains("hunter2"), run.out());
    }

    @Test
    void fetchFollowsDiscoveryAndLoadsASharedSecretGivenByReference() throws Exception {
        try (TestIdp idp = TestIdp.start()) {
            Path file = TestConfig.writeFile("CheckConfigScriptIT/fetch-discovery.yaml", """
                    issuers:
                      - {issuer: "%s", discovery: true, audiences: [api]}
                      - {issuer: batch, sharedSecret: "${env:CHECK_CONFIG_IT_HMAC}", audiences: [api]}
                    """.formatted(idp.issuer()));
            String hmac = "an-hmac-key-of-at-least-32-bytes-for-the-check";
            Run run = run(Map.of("CHECK_CONFIG_IT_HMAC", hmac), file.toString(), "--fetch");
            assertEquals(0, run.status(), run.out());
            assertTrue(run.out().contains("issuers[0] " + idp.issuer() + " (discovery " + idp.issuer()
                    + "/.well-known/openid-configuration): ok, " + idp.publishedKeys().size() + " usable key(s)"),
                    run.out());
            assertTrue(run.out().contains("issuers[1] batch (shared secret from ${env:CHECK_CONFIG_IT_HMAC}): ok, 1 "
                    + "usable key(s)"), run.out());
            assertTrue(run.out().contains("references resolved: issuers[1].sharedSecret"), run.out());
            assertFalse(run.out().contains(hmac), run.out());
        }
    }

    @Test
    void wrongCommandLineGetsStatusTwo() throws Exception {
        assertEquals(2, run().status());
        assertEquals(2, run("--bogus", "x.yaml").status());
        Run missing = run(PROJECT.resolve("no-such-file.yaml").toString());
        assertEquals(2, missing.status(), missing.out());
        assertTrue(missing.out().contains("no such file"), missing.out());
        Run twoFiles = run("a.yaml", "b.yaml");
        assertEquals(2, twoFiles.status(), twoFiles.out());
    }

    @Test
    void fetchLoadsEachIssuersKeysFromALoopbackServerAndFailsForOneThatCannotBeHad() throws Exception {
        try (LoopbackHttpServer idp = LoopbackHttpServer.bind("check-config-idp")) {
            byte[] jwks = TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.EC)).getBytes(StandardCharsets.UTF_8);
            idp.handle("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            idp.handle("/broken", exchange -> {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            idp.start();
            String base = "http://127.0.0.1:" + idp.port();
            Path good = TestConfig.writeFile("CheckConfigScriptIT/fetch-good.yaml", """
                    issuers:
                      - {issuer: https://idp.example.com, jwksUri: "%s/jwks", audiences: [api]}
                    """.formatted(base));
            Run ok = run(good.toString(), "--fetch");
            assertEquals(0, ok.status(), ok.out());
            assertTrue(ok.out().contains("issuers[0] https://idp.example.com (jwksUri " + base
                    + "/jwks): ok, 2 usable key(s), kid " + TestKeys.RSA.kid() + ", " + TestKeys.EC.kid()), ok.out());

            Path bad = TestConfig.writeFile("CheckConfigScriptIT/fetch-bad.yaml", """
                    issuers:
                      - {issuer: https://idp.example.com, jwksUri: "%s/jwks", audiences: [api]}
                      - {issuer: https://down.example.com, jwksUri: "%s/broken", audiences: [api], readTimeout: 2s}
                    """.formatted(base, base));
            Run failed = run(bad.toString(), "--fetch");
            assertEquals(1, failed.status(), failed.out());
            assertTrue(failed.out().contains("issuers[1] https://down.example.com (jwksUri " + base
                    + "/broken): FAILED: "), failed.out());
            assertTrue(failed.out().contains("keys of 1 issuer(s) could not be had"), failed.out());
            Run withoutFetch = run(bad.toString());
            assertEquals(0, withoutFetch.status(), "without --fetch nothing is fetched: " + withoutFetch.out());
        }
    }
}
