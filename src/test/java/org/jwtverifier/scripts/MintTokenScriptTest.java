package org.jwtverifier.scripts;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.ScriptRun;
import org.jwtverifier.testsupport.TestConfig;
import org.jwtverifier.testsupport.JwksVerification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo minter as an operator runs it ({@code webapp-config/demo/mint-token.sh}, the real script on the JDK's
 * source launcher): its tokens parsed and verified by JJWT against the JWKS it prints or writes, every option, and
 * a clean one-line error with exit code 2 for every bad value.
 */
class MintTokenScriptTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Path DEMO_JWKS = ScriptRun.projectDir().resolve("webapp-config/demo/jwks.json");

    /** Where the script keeps its compiled classes in these tests (XDG_CACHE_HOME): the build's, never the user's. */
    private static final Path CACHE = TestConfig.workDir().resolve("MintTokenScriptTest-cache");

    static ScriptRun mint(String... args) {
        return ScriptRun.run(BOUND, Map.of("XDG_CACHE_HOME", CACHE.toString()),
                Stream.concat(Stream.of("webapp-config/demo/mint-token.sh"), Stream.of(args)).toList());
    }

    static String token(String... args) {
        ScriptRun run = mint(args);
        assertEquals(0, run.exit(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run.out().strip();
    }

    static JwkSet jwks(String json) {
        return Jwks.setParser().build().parse(json);
    }

    /** Verifies the signature with the key of the token's kid in {@code set}, and the time claims (now). */
    static Jws<Claims> verify(String token, JwkSet set) {
        return JwksVerification.verify(token, set);
    }

    @Test
    void defaultTokenIsTheDemoIssuersAndVerifiesWithTheCommittedJwks() throws IOException {
        long before = Instant.now().getEpochSecond();
        Jws<Claims> jws = verify(token("--sub", "alice", "--email", "alice@example.com"), jwks(Files.readString(DEMO_JWKS)));
        assertEquals("demo-2026", jws.getHeader().getKeyId());
        assertEquals("RS256", jws.getHeader().getAlgorithm());
        Claims c = jws.getPayload();
        assertEquals("https://demo.jwt-verifier.local", c.getIssuer());
        assertEquals(Set.of("demo-api"), c.getAudience());
        assertEquals("alice", c.getSubject());
        assertEquals("alice@example.com", c.get("email"));
        assertEquals(3600, c.getExpiration().toInstant().getEpochSecond() - c.getIssuedAt().toInstant().getEpochSecond());
        assertTrue(c.getIssuedAt().toInstant().getEpochSecond() >= before);
        assertTrue(c.getId() != null && !c.getId().isEmpty());
    }

    @Test
    void everyClaimOptionEndsUpInTheTokenWithItsJsonType() {
        String token = token("--iss", "https://idp.example.com/realms/main", "--aud", "orders", "--aud", "billing",
                "--kid", "k-2027", "--scope", "read write", "--sub", "bob",
                "--claim", "groups=[\"ops\",\"dev\"]", "--claim", "level=5", "--claim", "admin=true",
                "--claim", "address={\"city\": \"Lyon\"}", "--claim", "note=not json {", "--claim", "tenant=acme",
                "--claim", "sub=carol");
        ScriptRun printed = mint("--kid", "k-2027", "--print-jwks");
        assertEquals(0, printed.exit(), printed::toString);
        JwkSet set = jwks(printed.out());
        assertEquals(List.of("k-2027"), set.getKeys().stream().map(Jwk::getId).toList(), "--print-jwks prints the kid asked for");
        Jws<Claims> jws = verify(token, set);
        assertEquals("k-2027", jws.getHeader().getKeyId());
        Claims c = jws.getPayload();
        assertEquals("https://idp.example.com/realms/main", c.getIssuer());
        assertEquals(Set.of("orders", "billing"), c.getAudience());
        assertEquals("read write", c.get("scope"));
        assertEquals(List.of("ops", "dev"), c.get("groups"));
        assertEquals(5, c.get("level"));
        assertEquals(true, c.get("admin"));
        assertEquals(Map.of("city", "Lyon"), c.get("address"));
        assertEquals("not json {", c.get("note"), "a value that is not JSON is a string");
        assertEquals("acme", c.get("tenant"));
        assertEquals("carol", c.getSubject(), "--claim overrides the options");
    }

    @Test
    void expiryAndNotBeforeRelativeOrAbsolute() {
        JwkSet demo = jwks(mint("--print-jwks").out());
        String expired = token("--exp", "-5m");
        ExpiredJwtException e = assertThrows(ExpiredJwtException.class, () -> verify(expired, demo));
        long exp = e.getClaims().getExpiration().toInstant().getEpochSecond();
        long iat = e.getClaims().getIssuedAt().toInstant().getEpochSecond();
        assertEquals(iat - 300, exp, "-5m is five minutes before now");

        String early = token("--nbf", "+1h");
        PrematureJwtException p = assertThrows(PrematureJwtException.class, () -> verify(early, demo));
        assertEquals(p.getClaims().getIssuedAt().toInstant().getEpochSecond() + 3600,
                p.getClaims().getNotBefore().toInstant().getEpochSecond());

        Claims absolute = verify(token("--exp", "2100-01-01T00:00:00Z", "--nbf", "946684800"), demo).getPayload();
        assertEquals(Instant.parse("2100-01-01T00:00:00Z"), absolute.getExpiration().toInstant());
        assertEquals(Instant.ofEpochSecond(946684800), absolute.getNotBefore().toInstant());

        Claims shortLived = verify(token("--ttl", "90"), demo).getPayload();
        assertEquals(90, shortLived.getExpiration().toInstant().getEpochSecond() - shortLived.getIssuedAt().toInstant().getEpochSecond());
    }

    @Test
    void badValuesExitTwoWithOneLineAndNoStackTrace() {
        Map<List<String>, String> cases = Map.of(
                List.of("--ttl", "0"), "--ttl must be a positive number of seconds, not 0 (for an expired token: --exp -5m)",
                List.of("--ttl", "soon"), "--ttl wants a whole number of seconds, not 'soon'",
                List.of("--exp", "5x"), "--exp wants -5m, +1h, 30s, 2d, epoch seconds or 2026-12-31T23:59:59Z, not '5x'",
                List.of("--nbf", "tomorrow"), "--nbf wants -5m, +1h, 30s, 2d, epoch seconds or 2026-12-31T23:59:59Z, not 'tomorrow'",
                List.of("--claim", "novalue"), "--claim wants NAME=VALUE, not 'novalue'",
                List.of("--aud"), "--aud needs a value",
                List.of("--colour", "red"), "unknown option --colour",
                List.of("--ttl", "60", "--exp", "+1h"), "--ttl and --exp both set the expiry: give one");
        cases.forEach((args, message) -> {
            ScriptRun run = mint(args.toArray(String[]::new));
            assertEquals(2, run.exit(), run::toString);
            assertEquals("", run.out(), run::toString);
            assertEquals("mint-token.sh: " + message + " (--help lists the options)\n", run.err(), run::toString);
        });
        ScriptRun noKey = mint("--key", "/nonexistent/key.pem");
        assertEquals(2, noKey.exit(), noKey::toString);
        assertEquals("mint-token.sh: no such file: /nonexistent/key.pem\n", noKey.err(), noKey::toString);

        ScriptRun help = mint("--help");
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().contains("--new-key DIR") && help.out().contains("--claim NAME=VALUE"), help::toString);
    }

    /** The rehearsal of docs/key-rotation.md: a second key, and a JWKS that holds the demo key and the new one. */
    @Test
    void newKeyWritesASecondKeyAndAJwksWithBoth() throws IOException {
        Path dir = TestConfig.freshDirectory("MintTokenScriptTest-rotation");
        ScriptRun made = mint("--new-key", dir.toString(), "--kid", "demo-2027");
        assertEquals(0, made.exit(), made::toString);
        Path pem = dir.resolve("private-key.pem");
        assertEquals("wrote " + pem + " (kid demo-2027) and " + dir.resolve("jwks.json")
                + " (kids demo-2026, demo-2027); mint with: mint-token.sh --key " + pem + "\n", made.err());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(pem));
        JwkSet both = jwks(Files.readString(dir.resolve("jwks.json")));
        assertEquals(List.of("demo-2026", "demo-2027"), both.getKeys().stream().map(Jwk::getId).toList());

        String next = token("--key", pem.toString(), "--sub", "alice");
        assertEquals("demo-2027", verify(next, both).getHeader().getKeyId(), "the new key's kid comes from its file");
        assertEquals("demo-2026", verify(token("--sub", "alice"), both).getHeader().getKeyId());
        assertThrows(RuntimeException.class, () -> verify(next, jwks(Files.readString(DEMO_JWKS))),
                "the committed JWKS does not hold the new key");

        ScriptRun printed = mint("--key", pem.toString(), "--print-jwks");
        assertEquals(List.of("demo-2027"), jwks(printed.out()).getKeys().stream().map(Jwk::getId).toList());

        Path unnamed = TestConfig.freshDirectory("MintTokenScriptTest-unnamed");
        assertEquals(0, mint("--new-key", unnamed.toString()).exit());
        String kid = jwks(Files.readString(unnamed.resolve("jwks.json"))).getKeys().stream().map(Jwk::getId).toList().get(1);
        assertTrue(kid.matches("rotated-[A-Za-z0-9_-]{8}"), kid);
        assertFalse(Files.readString(unnamed.resolve("private-key.pem")).isEmpty());
    }
}
