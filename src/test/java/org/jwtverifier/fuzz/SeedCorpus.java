package org.jwtverifier.fuzz;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes the seed corpus of the fuzz targets into {@code src/test/resources/org/jwtverifier/fuzz/} (and, with
 * {@code keys}, new signing keys for the Decider's verifier first, which invalidates every signed seed). Run by
 * hand from the project folder after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *     org.jwtverifier.fuzz.SeedCorpus
 * </pre>
 *
 * Seeds are small on purpose: the fuzzer mutates from them, and regression runs replay every one of them.
 */
public final class SeedCorpus {
    private static final Path ROOT = Path.of("src/test/resources/org/jwtverifier/fuzz");
    /** Valid from the seeds' issue time until 2100, so committed seeds stay valid tokens. */
    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant EXPIRES = Instant.parse("2100-01-01T00:00:00Z");

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("keys")) {
            writeKeys(ROOT.resolve("verifier"));
            return;
        }
        Map<String, PrivateKey> keys = FuzzKeys.signingKeys();
        Map<String, String> tokens = tokens(keys);
        writeDecider(tokens);
        writePreParse(tokens);
        writeIdentityHeaders();
        writeConfig();
    }

    // ---- keys ---------------------------------------------------------------------------------------------

    private static void writeKeys(Path folder) throws IOException {
        Map<String, KeyPair> pairs = new LinkedHashMap<>();
        pairs.put("rsa-1", Jwts.SIG.RS256.keyPair().build());
        pairs.put("ec256-1", Jwts.SIG.ES256.keyPair().build());
        pairs.put("ec384-1", Jwts.SIG.ES384.keyPair().build());
        pairs.put("ec521-1", Jwts.SIG.ES512.keyPair().build());
        pairs.put("ed-1", Jwts.SIG.EdDSA.keyPair().build());
        List<String> privateJwks = new ArrayList<>();
        List<String> publicJwks = new ArrayList<>();
        pairs.forEach((kid, pair) -> {
            // No "alg" on the RSA key: one key then verifies RS256/384/512 and PS256/384/512 tokens.
            PrivateJwk<?, ?, ?> jwk = Jwks.builder().keyPair(pair).id(kid).publicKeyUse("sig").build();
            privateJwks.add(Jwks.UNSAFE_JSON(jwk));
            publicJwks.add(Jwks.json(jwk.toPublicJwk()));
        });
        Files.writeString(folder.resolve("signing-keys.json"),
                "{\"keys\":[\n" + String.join(",\n", privateJwks) + "\n]}\n");
        Files.writeString(folder.resolve("jwks.json"), "{\"keys\":[\n" + String.join(",\n", publicJwks) + "\n]}\n");
        byte[] secret = new byte[48];
        new java.security.SecureRandom().nextBytes(secret);
        Files.writeString(folder.resolve("hs.secret"), Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
                + "\n");
    }

    // ---- tokens -------------------------------------------------------------------------------------------

    private static JwtBuilder claims(JwtBuilder b) {
        return b.issuer(FuzzKeys.ISSUER).audience().add(FuzzKeys.AUDIENCE).and().subject("alice")
                .claim("email", "alice@example.com").issuedAt(Date.from(ISSUED)).expiration(Date.from(EXPIRES));
    }

    private static String signed(PrivateKey key, String kid, SecureDigestAlgorithm<PrivateKey, ?> alg,
                                 UnaryOperator<JwtBuilder> more) {
        JwtBuilder b = Jwts.builder();
        if (kid != null) {
            b.header().keyId(kid);
        }
        return more.apply(claims(b)).signWith(key, alg).compact();
    }

    private static String hmac(String jca, io.jsonwebtoken.security.MacAlgorithm alg) {
        return claims(Jwts.builder()).issuer(FuzzKeys.HMAC_ISSUER).signWith(FuzzKeys.sharedSecret(jca), alg)
                .compact();
    }

    /** Named tokens: one valid token per algorithm, kid variants, and tokens each check should reject. */
    static Map<String, String> tokens(Map<String, PrivateKey> keys) {
        PrivateKey rsa = keys.get("rsa-1");
        PrivateKey ec256 = keys.get("ec256-1");
        Map<String, String> t = new LinkedHashMap<>();
        UnaryOperator<JwtBuilder> none = b -> b;
        t.put("rs256", signed(rsa, "rsa-1", Jwts.SIG.RS256, none));
        t.put("rs384", signed(rsa, "rsa-1", Jwts.SIG.RS384, none));
        t.put("rs512", signed(rsa, "rsa-1", Jwts.SIG.RS512, none));
        t.put("ps256", signed(rsa, "rsa-1", Jwts.SIG.PS256, none));
        t.put("ps384", signed(rsa, "rsa-1", Jwts.SIG.PS384, none));
        t.put("ps512", signed(rsa, "rsa-1", Jwts.SIG.PS512, none));
        t.put("es256", signed(ec256, "ec256-1", Jwts.SIG.ES256, none));
        t.put("es384", signed(keys.get("ec384-1"), "ec384-1", Jwts.SIG.ES384, none));
        t.put("es512", signed(keys.get("ec521-1"), "ec521-1", Jwts.SIG.ES512, none));
        t.put("eddsa", signed(keys.get("ed-1"), "ed-1", Jwts.SIG.EdDSA, none));
        t.put("hs256", hmac("HmacSHA256", Jwts.SIG.HS256));
        t.put("hs384", hmac("HmacSHA384", Jwts.SIG.HS384));
        t.put("hs512", hmac("HmacSHA512", Jwts.SIG.HS512));
        t.put("kid-absent", signed(ec256, null, Jwts.SIG.ES256, none));
        t.put("kid-unknown", signed(ec256, "rsa-9", Jwts.SIG.ES256, none));
        t.put("kid-other-key-type", signed(ec256, "rsa-1", Jwts.SIG.ES256, none));
        t.put("kid-empty", signed(ec256, "", Jwts.SIG.ES256, none));
        t.put("kid-odd-characters", signed(ec256, "ec256-1\r\n\u00e9\u0000", Jwts.SIG.ES256, none));
        t.put("expired", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.expiration(Date.from(ISSUED.plusSeconds(60)))));
        t.put("not-yet-valid", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.notBefore(Date.from(Instant.parse("2099-01-01T00:00:00Z")))));
        t.put("issued-in-future", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.issuedAt(Date.from(Instant.parse("2099-01-01T00:00:00Z")))));
        t.put("no-expiry", signed(ec256, "ec256-1", Jwts.SIG.ES256, b -> b.expiration(null)));
        t.put("wrong-audience", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.audience().single("someone-else")));
        t.put("unknown-issuer", signed(ec256, "ec256-1", Jwts.SIG.ES256, b -> b.issuer("https://evil.example")));
        t.put("admin", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.claim("scope", "read admin").claim("groups", List.of("ops"))));
        t.put("tenant", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.audience().single("https://a.tenant.example")));
        t.put("odd-identity", signed(ec256, "ec256-1", Jwts.SIG.ES256,
                b -> b.subject(" alice\r\nX-Admin: true").claim("name", "J\u00fcrgen \u20ac")
                        .claim("groups", List.of("ops", 7, true)).claim("email", 42)));
        return t;
    }

    // ---- corpora ------------------------------------------------------------------------------------------

    private static void writeDecider(Map<String, String> t) throws IOException {
        Path dir = inputs("DeciderFuzzTest", "decide");
        for (String alg : List.of("rs256", "rs384", "rs512", "ps256", "ps384", "ps512", "es256", "es384", "es512",
                "eddsa", "hs256", "hs384", "hs512", "kid-absent", "kid-unknown", "kid-other-key-type", "kid-empty",
                "kid-odd-characters", "expired", "not-yet-valid", "issued-in-future", "no-expiry", "wrong-audience",
                "unknown-issuer")) {
            write(dir, "authorization-" + alg, "authorization Bearer " + t.get(alg) + "\n");
        }
        String rs = t.get("rs256");
        write(dir, "two-authorization-headers", "authorization Bearer " + rs + "\nauthorization Bearer " + rs + "\n");
        write(dir, "three-authorization-headers", "authorization Bearer x\nauthorization Basic YTpi\n"
                + "authorization bearer   " + rs + "\n");
        write(dir, "lower-case-scheme", "authorization bearer    " + t.get("es256") + "  \n");
        write(dir, "no-token", "remote 127.0.0.1\n");
        write(dir, "cookie-on-ui", "remote 127.0.0.1\nmethod GET\nproto https\nhost app.example.com\nuri /ui/home\n"
                + "cookie theme=dark; session=\"" + t.get("eddsa") + "\"\n");
        write(dir, "query-in-forwarded-uri", "remote 10.1.2.3\nmethod GET\nproto https\nhost app.example.com\n"
                + "uri /ui/%2e%2e/ui/x?a=1&access_token=" + t.get("es384") + "\n");
        write(dir, "query-from-caddy", "remote ::1\nmethod GET\nuri /ui/page\nquery access_token=" + t.get("hs256")
                + "&b=%zz\n");
        write(dir, "header-and-cookie", "remote 127.0.0.1\nuri /ui\nauthorization Bearer " + rs
                + "\ncookie session=" + rs + "\n");
        write(dir, "admin-admitted", "remote 127.0.0.1\nmethod POST\nproto https\nhost API.example.com:443\n"
                + "uri /admin/users\nauthorization Bearer " + t.get("admin") + "\n");
        write(dir, "admin-without-scope", "remote 127.0.0.1\nmethod GET\nhost api.example.com\nuri /admin;x=1\n"
                + "authorization Bearer " + rs + "\n");
        write(dir, "untrusted-peer", "remote 192.0.2.7\nmethod GET\nhost api.example.com\nuri /assets/a.css\n");
        write(dir, "public-route", "remote fd00::1\nmethod GET\nproto http, https\nhost x\nuri /assets/../assets/a\n");
        write(dir, "denied-route", "remote [::1]\nmethod GET\nhost x\nuri //internal/./x\n");
        write(dir, "tenant-audience", "remote 127.0.0.1\nmethod GET\nproto https\nhost a.tenant.example\nuri /\n"
                + "authorization Bearer " + t.get("tenant") + "\n");
        write(dir, "odd-identity-claims", "authorization Bearer " + t.get("odd-identity") + "\n");
        write(dir, "alg-none", "authorization Bearer " + unsecured(rs) + "\n");
    }

    private static void writePreParse(Map<String, String> t) throws IOException {
        Path dir = inputs("CompactTokenFuzzTest", "peek");
        for (String name : List.of("rs256", "ps512", "es512", "eddsa", "hs256", "kid-absent", "kid-odd-characters",
                "no-expiry")) {
            write(dir, name, t.get(name));
        }
        String rs = t.get("rs256");
        String[] p = rs.split("\\.");
        write(dir, "alg-none", unsecured(rs));
        write(dir, "two-segments", p[0] + "." + p[1]);
        write(dir, "four-segments", rs + "." + p[2]);
        write(dir, "padded", p[0] + "=." + p[1] + "." + p[2]);
        write(dir, "empty-segments", "..");
        write(dir, "non-canonical-last-char", p[0].substring(0, p[0].length() - 1) + "B." + p[1] + "." + p[2]);
        write(dir, "crit-header", b64("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}") + "." + p[1] + "." + p[2]);
        write(dir, "duplicate-member", b64("{\"alg\":\"RS256\",\"alg\":\"none\"}") + "." + p[1] + "." + p[2]);
        write(dir, "array-header", b64("[\"RS256\"]") + "." + p[1] + "." + p[2]);
        write(dir, "numeric-kid-and-iss", b64("{\"alg\":\"ES256\",\"kid\":7}") + "." + b64("{\"iss\":[1]}") + ".c2ln");
        write(dir, "invalid-utf8", b64url(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}) + "." + p[1] + "."
                + p[2]);
        write(dir, "deep-json", b64("{\"alg\":\"RS256\",\"x\":" + "[".repeat(600) + "]".repeat(600) + "}") + "."
                + p[1] + "." + p[2]);
        write(dir, "non-ascii", "\u00e9yJ." + p[1] + "." + p[2]);
    }

    private static void writeIdentityHeaders() throws IOException {
        Path dir = inputs("IdentityHeadersFuzzTest", "render");
        write(dir, "plain", "{\"sub\":\"alice\",\"email\":\"alice@example.com\"}");
        write(dir, "every-json-type", "{\"s\":\"x\",\"i\":42,\"big\":123456789012345678901234567890,\"f\":1.5e300,"
                + "\"t\":true,\"n\":null,\"a\":[\"ops\",1,{\"k\":\"v\"}],\"o\":{\"a\":[1,2]}}");
        write(dir, "registered-dates", "{\"exp\":4102444800,\"iat\":1767225600,\"nbf\":1767225600.5}");
        write(dir, "control-characters", "{\"sub\":\"alice\\r\\nX-Admin: true\",\"t\":\"a\\tb\\u007f\\u0000\"}");
        write(dir, "non-ascii", "{\"name\":\"J\u00fcrgen \u20ac \ud83d\ude00\",\"s\":\"\\u00e9\\ud83d\\ude00\"}");
        write(dir, "looks-encoded", "{\"sub\":\"UTF-8''%41\"}");
        write(dir, "whitespace-at-the-ends", "{\"sub\":\" alice \",\"name\":\"\\tbob\"}");
        write(dir, "empty-and-blank", "{\"sub\":\"\",\"name\":\"   \"}");
    }

    private static void writeConfig() throws IOException {
        Path dir = inputs("ConfigParserFuzzTest", "parse");
        write(dir, "minimal", "issuers:\n  - issuer: https://idp.example\n    jwksFile: jwks.json\n"
                + "    audiences: [api]\n");
        byte[] full = SeedCorpus.class.getResourceAsStream(FuzzKeys.FOLDER + "config.yaml").readAllBytes();
        Files.write(dir.resolve("seed-full"), full);
        write(dir, "every-issuer-key", "clockSkew: 30s\nrealm: r\ntokenCache: {enabled: true, maxEntries: 5,"
                + " maxTtl: PT1M}\nkeyStoreDirectory: keys\nissuers:\n  - issuer: https://a.example/\n"
                + "    discovery: true\n    audiences: api\n    algorithms: [ES256]\n    clockSkew: 1m\n"
                + "    requireExpiry: false\n    connectTimeout: 500ms\n    readTimeout: 2s\n    maxJwksBytes: 2048\n"
                + "    allowInsecureHttp: false\n    trustStore: ts.p12\n    trustStorePassword: x\n"
                + "    keyCacheTtl: 5m\n    refreshAhead: 30s\n    minRefreshInterval: 30s\n"
                + "    unknownKidWait: 1s\n    maxStale: 6h\n    tokenType: at+jwt\n"
                + "    redirectHosts: [keys.a.example]\n  - issuer: b\n    jwksUri: http://127.0.0.1:1/j\n"
                + "    audiences: [api]\n  - issuer: c\n    sharedSecretFile: s\n    algorithms: [HS512]\n"
                + "    audiences: [api]\n");
        write(dir, "problems", "issuers: {}\nroutes: 1\nmaxTokenBytes: x\ntrustedProxies: [cafe::/200, 1.2.3.4/x]\n"
                + "defaultPolicy: {access: nope, claims: [1]}\nunknown: 1\n");
        write(dir, "anchors", "a: &a [1, 2]\nissuers: [*a, *a]\nidentityHeaders: {sub: *a}\n");
        write(dir, "tags-and-types", "issuers:\n  - !!binary aGk=\n  - issuer: !!float 1\n    jwksFile: !!null\n"
                + "    audiences: [!!int 1]\nmaxTokenBytes: 1e3\nclockSkew: [1]\n");
        write(dir, "not-a-mapping", "- a\n- b\n");
        write(dir, "multi-document", "issuers: []\n---\nissuers: [1]\n");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String unsecured(String token) {
        String[] p = token.split("\\.");
        return b64("{\"alg\":\"none\"}") + "." + p[1] + ".";
    }

    private static String b64(String utf8) {
        return b64url(utf8.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path inputs(String fuzzTestClass, String method) throws IOException {
        Path dir = ROOT.resolve(fuzzTestClass + "Inputs").resolve(method);
        Files.createDirectories(dir);
        return dir;
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve("seed-" + name), content, StandardCharsets.UTF_8);
    }
}
