/*
 * Mints RS256 tokens for the jwt-verifier demo with the JDK alone (run it with the source launcher:
 * "java MintDemoToken.java --sub alice"; mint-token.sh does that). The key it signs with is the committed
 * DEMO key: anyone can mint tokens with it, so never trust it anywhere but on a demo machine.
 *
 * It stays a single file on purpose: the tests, the benchmarks and tomcat/bench mint with the tests' SigningKey
 * (src/test/java/org/jwtverifier/testsupport), which needs a build and JJWT on the class path; an operator trying
 * the demo has neither, only a JDK.
 *
 *   --sub SUBJECT       sub claim (default: demo-user)
 *   --email EMAIL       email claim (default: none)
 *   --ttl SECONDS       lifetime (default: 3600)
 *   --key FILE          PKCS#8 PEM private key (default: demo-private-key.pem beside this file)
 *   --print-jwks        print the public JWKS of the key instead of a token
 *   --generate-key FILE write a fresh RSA-2048 PKCS#8 PEM to FILE (mode 600) and exit
 */
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

public class MintDemoToken {

    static final String ISSUER = "https://demo.jwt-verifier.local";
    static final String AUDIENCE = "demo-api";
    static final String KID = "demo-2026";

    public static void main(String[] args) throws Exception {
        String sub = "demo-user";
        String email = null;
        long ttl = 3600;
        Path key = null;
        boolean printJwks = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sub" -> sub = value(args, ++i);
                case "--email" -> email = value(args, ++i);
                case "--ttl" -> ttl = Long.parseLong(value(args, ++i));
                case "--key" -> key = Path.of(value(args, ++i));
                case "--print-jwks" -> printJwks = true;
                case "--generate-key" -> {
                    generate(Path.of(value(args, ++i)));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println("usage: mint-token.sh [--sub SUBJECT] [--email EMAIL] [--ttl SECONDS] [--print-jwks]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        if (key == null) {
            key = Path.of("demo-private-key.pem");
        }
        RSAPrivateCrtKey privateKey = readKey(key);
        if (printJwks) {
            System.out.println(jwks(privateKey));
            return;
        }
        if (ttl <= 0) {
            throw new IllegalArgumentException("--ttl must be positive");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        StringBuilder payload = new StringBuilder("{");
        payload.append("\"iss\":").append(json(ISSUER));
        payload.append(",\"aud\":").append(json(AUDIENCE));
        payload.append(",\"sub\":").append(json(sub));
        if (email != null) {
            payload.append(",\"email\":").append(json(email));
        }
        payload.append(",\"iat\":").append(now);
        payload.append(",\"exp\":").append(now + ttl);
        payload.append(",\"jti\":").append(json(UUID.randomUUID().toString()));
        payload.append('}');
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.toString().getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(privateKey);
        rs256.update(input.getBytes(StandardCharsets.US_ASCII));
        System.out.println(input + "." + b64(rs256.sign()));
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    static RSAPrivateCrtKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(pem + ": no PKCS#8 \"PRIVATE KEY\" PEM block");
        }
        String body = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static String jwks(RSAPrivateCrtKey key) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"n\":\"" + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\"}]}";
    }

    static void generate(Path out) throws IOException, GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] der = g.generateKeyPair().getPrivate().getEncoded();
        String pem = "DEMO ONLY: the private key of the jwt-verifier demo issuer. It is public (committed to the\n"
                + "repository), so anyone can mint tokens with it. Never trust its public key outside a demo.\n"
                + "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(out, pem, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        System.err.println("wrote " + out);
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
}
