/*
 * Mints RS256 tokens for the jwt-verifier demo with the JDK alone (run it with the source launcher:
 * "java MintDemoToken.java --sub alice"; mint-token.sh does that). The key it signs with is the committed
 * DEMO key: anyone can mint tokens with it, so never trust it anywhere but on a demo machine.
 *
 * It stays a single file on purpose: the tests, the benchmarks and tomcat/bench mint with the tests' SigningKey
 * (src/test/java/org/jwtverifier/testsupport), which needs a build and JJWT on the class path; an operator trying
 * the demo has neither, only a JDK.
 */
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class MintDemoToken {

    static final String USAGE = """
            usage: mint-token.sh [options]            prints a signed RS256 token
                   mint-token.sh --print-jwks [--kid KID]   prints the public JWKS of the key
                   mint-token.sh --new-key DIR [--kid KID]  a second key for a rotation rehearsal

              --sub SUBJECT        sub claim (default: demo-user)
              --email EMAIL        email claim (default: none)
              --iss ISSUER         iss claim (default: https://demo.jwt-verifier.local)
              --aud AUDIENCE       aud claim; repeat it for several (default: demo-api)
              --scope "A B"        scope claim (RFC 8693 4.2: space-separated)
              --claim NAME=VALUE   any claim; VALUE is read as JSON (5, true, ["a","b"], {"x":1}), else as a string;
                                   repeatable, and it overrides the options above
              --ttl SECONDS        lifetime, exp = now + SECONDS (default: 3600)
              --exp TIME           exp instead: relative (-5m, +1h, 30s, 2d) or absolute (epoch seconds, or
                                   2026-12-31T23:59:59Z); in the past for an expired token
              --nbf TIME           nbf claim, as --exp (+10m: not valid yet)
              --kid KID            kid header (default: the key's "kid:" line, demo-2026 for the demo key, else
                                   its RFC 7638 thumbprint)
              --key FILE           PKCS#8 PEM private key (default: demo-private-key.pem beside the script)
              --print-jwks         print the key's public JWKS (with that kid) instead of a token
              --new-key DIR        write DIR/private-key.pem (a new RSA-2048 key, mode 600, kid --kid or
                                   rotated-<thumbprint>) and DIR/jwks.json holding the current key (--key) and the
                                   new one; then mint with --key DIR/private-key.pem (docs/key-rotation.md)
              --generate-key FILE  write a new RSA-2048 PKCS#8 PEM to FILE (mode 600)
            Exit codes: 0 done, 1 failed, 2 a bad option or value, a missing key file included (one line on stderr).""";

    static final String ISSUER = "https://demo.jwt-verifier.local";
    static final String AUDIENCE = "demo-api";
    static final Pattern RELATIVE = Pattern.compile("([+-]?)(\\d+)([smhd]?)");
    static final Pattern KID_LINE = Pattern.compile("(?m)^kid: *(\\S+) *$");

    /** A bad option or value: one line on stderr, exit 2. */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Usage e) {
            System.err.println("mint-token.sh: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
        } catch (NoSuchFileException e) {
            System.err.println("mint-token.sh: no such file: " + e.getFile());
            System.exit(2);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("mint-token.sh: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args) throws IOException, GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        String sub = "demo-user";
        String email = null;
        String iss = ISSUER;
        List<String> audiences = new ArrayList<>();
        String scope = null;
        Map<String, String> claims = new LinkedHashMap<>();   // name -> JSON text
        Long ttl = null;
        Long exp = null;
        Long nbf = null;
        String kid = null;
        Path key = null;
        boolean printJwks = false;
        Path newKeyDir = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--sub" -> sub = value(args, ++i);
                case "--email" -> email = value(args, ++i);
                case "--iss" -> iss = value(args, ++i);
                case "--aud" -> audiences.add(value(args, ++i));
                case "--scope" -> scope = value(args, ++i);
                case "--claim" -> {
                    String pair = value(args, ++i);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new Usage("--claim wants NAME=VALUE, not '" + pair + "'");
                    }
                    String text = pair.substring(eq + 1);
                    claims.put(pair.substring(0, eq), Json.isValid(text) ? text.strip() : json(text));
                }
                case "--ttl" -> {
                    ttl = number("--ttl", value(args, ++i));
                    if (ttl <= 0) {
                        throw new Usage("--ttl must be a positive number of seconds, not " + ttl
                                + " (for an expired token: --exp -5m)");
                    }
                }
                case "--exp" -> exp = time("--exp", value(args, ++i), now);
                case "--nbf" -> nbf = time("--nbf", value(args, ++i), now);
                case "--kid" -> kid = value(args, ++i);
                case "--key" -> key = Path.of(value(args, ++i));
                case "--print-jwks" -> printJwks = true;
                case "--new-key" -> newKeyDir = Path.of(value(args, ++i));
                case "--generate-key" -> {
                    Path out = Path.of(value(args, ++i));
                    writeKey(out, generate(), null);
                    System.err.println("wrote " + out);
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new Usage("unknown option " + option);
            }
        }
        if (ttl != null && exp != null) {
            throw new Usage("--ttl and --exp both set the expiry: give one");
        }
        if (key == null) {
            key = Path.of("demo-private-key.pem");
        }
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        RSAPrivateCrtKey privateKey = readKey(key, pem);
        String keyKid = kidOf(pem, privateKey);

        if (newKeyDir != null) {
            RSAPrivateCrtKey next = generate();
            String nextKid = kid != null ? kid : "rotated-" + thumbprint(next).substring(0, 8);
            Files.createDirectories(newKeyDir);
            Path nextPem = newKeyDir.resolve("private-key.pem");
            Path jwks = newKeyDir.resolve("jwks.json");
            writeKey(nextPem, next, nextKid);
            Files.writeString(jwks, "{\"keys\":[" + jwk(privateKey, keyKid) + "," + jwk(next, nextKid) + "]}\n");
            System.err.println("wrote " + nextPem + " (kid " + nextKid + ") and " + jwks + " (kids " + keyKid + ", "
                    + nextKid + "); mint with: mint-token.sh --key " + nextPem);
            return;
        }
        if (printJwks) {
            System.out.println("{\"keys\":[" + jwk(privateKey, kid != null ? kid : keyKid) + "]}");
            return;
        }

        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + json(kid != null ? kid : keyKid) + "}";
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("iss", json(iss));
        payload.put("aud", audiences.isEmpty() ? json(AUDIENCE)
                : audiences.size() == 1 ? json(audiences.get(0))
                : "[" + String.join(",", audiences.stream().map(MintDemoToken::json).toList()) + "]");
        payload.put("sub", json(sub));
        if (email != null) {
            payload.put("email", json(email));
        }
        if (scope != null) {
            payload.put("scope", json(scope));
        }
        payload.put("iat", Long.toString(now));
        if (nbf != null) {
            payload.put("nbf", Long.toString(nbf));
        }
        payload.put("exp", Long.toString(exp != null ? exp : now + (ttl != null ? ttl : 3600)));
        payload.put("jti", json(UUID.randomUUID().toString()));
        payload.putAll(claims);
        StringBuilder body = new StringBuilder("{");
        payload.forEach((name, value) -> body.append(body.length() > 1 ? "," : "").append(json(name)).append(':').append(value));
        body.append('}');

        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(body.toString().getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(privateKey);
        rs256.update(input.getBytes(StandardCharsets.US_ASCII));
        System.out.println(input + "." + b64(rs256.sign()));
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new Usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static long number(String option, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Usage(option + " wants a whole number of seconds, not '" + text + "'");
        }
    }

    /**
     * A NumericDate (RFC 7519 2: seconds since the epoch): relative to now with a sign or a unit (-5m, +1h, 30s,
     * 2d), else absolute (epoch seconds, or an ISO-8601 instant).
     */
    static long time(String option, String text, long now) {
        Matcher m = RELATIVE.matcher(text);
        if (m.matches() && (!m.group(1).isEmpty() || !m.group(3).isEmpty())) {
            long amount = Long.parseLong(m.group(2)) * switch (m.group(3)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 1;
            };
            return m.group(1).equals("-") ? now - amount : now + amount;
        }
        if (m.matches()) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new Usage(option + " wants -5m, +1h, 30s, 2d, epoch seconds or 2026-12-31T23:59:59Z, not '" + text + "'");
        }
    }

    static RSAPrivateCrtKey readKey(Path file, String text) throws GeneralSecurityException {
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new Usage(file + ": no PKCS#8 \"PRIVATE KEY\" PEM block");
        }
        String body = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey rsa) {
                return rsa;
            }
        } catch (IllegalArgumentException | java.security.spec.InvalidKeySpecException e) {
            throw new Usage(file + ": not an RSA private key (" + e.getMessage() + ")");
        }
        throw new Usage(file + ": not an RSA private key with its CRT parameters");
    }

    /** The kid named by a "kid: ..." line before the PEM block, else the key's RFC 7638 thumbprint. */
    static String kidOf(String pem, RSAPrivateCrtKey key) throws GeneralSecurityException {
        int begin = pem.indexOf("-----BEGIN");
        Matcher m = KID_LINE.matcher(begin < 0 ? pem : pem.substring(0, begin));
        return m.find() ? m.group(1) : thumbprint(key);
    }

    /** RFC 7638 3: SHA-256 of the required members in lexicographic order, without whitespace. */
    static String thumbprint(RSAPrivateCrtKey key) throws GeneralSecurityException {
        String members = "{\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64(unsigned(key.getModulus())) + "\"}";
        return b64(MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8)));
    }

    static String jwk(RSAPrivateCrtKey key, String kid) {
        return "{\"kty\":\"RSA\",\"kid\":" + json(kid) + ",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\"}";
    }

    static RSAPrivateCrtKey generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    }

    static void writeKey(Path out, RSAPrivateCrtKey key, String kid) throws IOException {
        String pem = "DEMO ONLY: a private key for jwt-verifier demo tokens. Never trust its public key outside a demo.\n"
                + (kid == null ? "" : "kid: " + kid + "\n")
                + "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(out, pem, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] trimmed = new byte[b.length - 1];
            System.arraycopy(b, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return b;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Whether a text is one JSON value (RFC 8259), by a recursive-descent check; the text is used as written. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static boolean isValid(String text) {
            Json p = new Json(text);
            try {
                p.space();
                p.value(0);
                p.space();
                return p.i == text.length();
            } catch (IllegalStateException | StringIndexOutOfBoundsException e) {
                return false;
            }
        }

        private void value(int depth) {
            if (depth > 64) {
                throw new IllegalStateException("too deep");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> container('}', depth, true);
                case '[' -> container(']', depth, false);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private void container(char close, int depth, boolean object) {
            i++;
            space();
            if (s.charAt(i) == close) {
                i++;
                return;
            }
            while (true) {
                space();
                if (object) {
                    if (s.charAt(i) != '"') {
                        throw new IllegalStateException("name");
                    }
                    string();
                    space();
                    expect(':');
                    space();
                }
                value(depth + 1);
                space();
                char c = s.charAt(i++);
                if (c == close) {
                    return;
                }
                if (c != ',') {
                    throw new IllegalStateException("separator");
                }
            }
        }

        private void string() {
            expect('"');
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return;
                }
                if (c < 0x20) {
                    throw new IllegalStateException("control character");
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    if (e == 'u') {
                        for (int k = 0; k < 4; k++) {
                            if (Character.digit(s.charAt(i++), 16) < 0) {
                                throw new IllegalStateException("escape");
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                        throw new IllegalStateException("escape");
                    }
                }
            }
        }

        private void number() {
            Matcher m = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?").matcher(s).region(i, s.length());
            if (!m.lookingAt()) {
                throw new IllegalStateException("value");
            }
            i = m.end();
        }

        private void literal(String word) {
            if (!s.startsWith(word, i)) {
                throw new IllegalStateException("literal");
            }
            i += word.length();
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalStateException("expected " + c);
            }
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }
    }
}
