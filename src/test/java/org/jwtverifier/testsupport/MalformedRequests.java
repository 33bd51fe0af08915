package org.jwtverifier.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded HTTP/1.x requests to a forward-auth endpoint that a client or a confused proxy could send: odd methods,
 * targets and versions, missing, duplicate, oversized and ill-formed headers, bytes HTTP does not allow, bad
 * {@code Bearer} forms, tokens from {@link GarbageTokens} in the {@code Authorization} header, a cookie or the
 * query, garbage {@code X-Forwarded-*}, and bodies with right and wrong framing. Each request is rendered to the
 * bytes that go on the wire; what it carries in the token slots is kept with it, so a test can look for exactly
 * those strings in logs and answers.
 */
public final class MalformedRequests {

    /**
     * One generated request.
     *
     * @param bytes   the whole request as sent
     * @param head    the method is HEAD (the answer has no body)
     * @param tokens  every token-like string it carries
     * @param version the HTTP version of its request line, as sent
     * @param unknownTransferCoding it declares a transfer coding other than {@code chunked} (RFC 9112 §6.1)
     * @param summary a short, printable description for failure messages
     */
    public record Request(byte[] bytes, boolean head, Set<String> tokens, String version,
                          boolean unknownTransferCoding, String summary) {
    }

    private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "HEAD", "PUT", "DELETE",
            "OPTIONS", "PATCH", "PROPFIND", "TRACE", "get", "FOO", "G\u0001T", "GE T", "", "M".repeat(300));
    private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.1 ",
            "HTTX/1.1", "HTTP/1.1x", "http/1.1", "HTTP/1");
    private static final List<String> BAD_BYTES = List.of("\u0000", "\u0001", "\u007f", "\r", "\n", "\u00ff", "\u0080",
            "\t", " ", "\"", "\\", "\u001b[31m");
    private static final List<String> FORWARDED_URIS = List.of("/api/things", "/ui/page", "/ui", "/admin/x",
            "/assets/../admin", "/assets/%2e%2e/admin", "/%zz", "//", "/..", "/../../../etc/passwd", "", "\\admin",
            "/admin;x=1", "http://evil.example/x", "/ui/%00", "/ui?%", "/ui?access_token=", "/" + "a/".repeat(3000),
            "/\u00e9", "?", "#frag");
    private static final List<String> FORWARDED_HOSTS = List.of("app.example.com", "api.example.com", "", "a..b",
            ":::", "[::1", "evil.example:99999", "x".repeat(300), "APP.EXAMPLE.COM.", "*.example.com", "-", "\u00fc.example");
    private static final List<String> FORWARDED_METHODS = List.of("GET", "POST", "", "G E T", "get", "M".repeat(200),
            "\u00ff", "CONNECT");
    private static final List<String> FORWARDED_PROTOS = List.of("https", "http", "", "javascript", "HTTPS", "ftp",
            "https, http");

    private final Random random;
    private final String path;
    private final String tokenName;
    private final GarbageTokens tokens;

    /**
     * @param seed      the seed: the same seed gives the same requests (apart from what the tokens bring in)
     * @param path      the endpoint, e.g. {@code /jwt-verifier/verify}
     * @param tokenName the cookie and query parameter that a route takes tokens from
     */
    public MalformedRequests(long seed, String path, String tokenName, GarbageTokens tokens) {
        this.random = new Random(seed);
        this.path = path;
        this.tokenName = tokenName;
        this.tokens = tokens;
    }

    public Request next() {
        Set<String> carried = new LinkedHashSet<>();
        List<String> summary = new ArrayList<>();
        String method = chance(85) ? pick(List.of("GET", "GET", "POST", "HEAD")) : pick(METHODS);
        String target = target(carried, summary);
        String version = chance(85) ? (chance(80) ? "HTTP/1.1" : "HTTP/1.0") : pick(VERSIONS);
        summary.add(printable(method) + " " + printable(abbreviate(target)) + " " + printable(version));

        List<String> lines = new ArrayList<>();
        if (!chance(5)) {
            lines.add("Host: " + (chance(90) ? "127.0.0.1" : pick(List.of("", "a b", "x".repeat(300), "[::1", "h\u0000"))));
        }
        if (chance(4)) {
            lines.add("Host: second.example");
        }
        int authorizations = chance(70) ? 1 : chance(50) ? 0 : 2 + random.nextInt(2);
        for (int i = 0; i < authorizations; i++) {
            lines.add("Authorization: " + authorization(carried));
        }
        if (authorizations != 1) {
            summary.add(authorizations + " Authorization");
        }
        if (chance(25)) {
            lines.add("Cookie: " + cookie(carried));
            summary.add("cookie");
        }
        if (chance(60)) {
            forwarded(lines, carried);
            summary.add("forwarded");
        }
        if (chance(5)) {
            // Declares a form without sending one: Jersey's servlet container then reads the query as a form.
            lines.add("Content-Type: application/x-www-form-urlencoded");
            summary.add("form type");
        }
        if (chance(15)) {
            lines.add(oddHeader());
            summary.add("odd header");
        }
        if (chance(2)) {
            for (int i = 0; i < 120; i++) {
                lines.add("X-Many-" + i + ": " + i);
            }
            summary.add("120 headers");
        }
        if (chance(5)) {
            lines.add("X-Big: " + "b".repeat(20_000));
            summary.add("20 KB header");
        }
        byte[] body = new byte[0];
        if (chance(20)) {
            body = body(lines, carried);
            summary.add("body");
        } else if (chance(10)) {
            lines.add(pick(List.of("Content-Length: -1", "Content-Length: 1, 2", "Content-Length: 99999999999999999999",
                    "Content-Length: abc", "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, identity",
                    "Content-Length: 0\r\nContent-Length: 5")));
            summary.add("bad framing");
        }
        if (chance(50)) {
            java.util.Collections.shuffle(lines, random);
        }
        lines.add("Connection: close");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " " + version + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String line : lines) {
            // ISO-8859-1: each char of the line is one byte on the wire, bad bytes included.
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        boolean unknownCoding = lines.stream().anyMatch(l -> l.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)
                && !l.substring(18).strip().equalsIgnoreCase("chunked"));
        return new Request(out.toByteArray(), "HEAD".equals(method), carried, version, unknownCoding,
                String.join(", ", summary));
    }

    private String target(Set<String> carried, List<String> summary) {
        if (chance(3)) {
            return pick(List.of("*", "http://127.0.0.1" + path, path + "/../verify", path + ";jsessionid=x",
                    path.replace("verify", "health"), path.replace("verify", "ready"), path.replace("verify", "metrics"),
                    path.replace("verify", "nope"), path + "/" + "x".repeat(9000), "/\u0000" + path, path + "%00",
                    path + "\u00ff"));
        }
        if (!chance(30)) {
            return path;
        }
        summary.add("query");
        StringBuilder q = new StringBuilder(path).append('?');
        switch (random.nextInt(7)) {
            case 0 -> q.append(tokenName).append('=').append(carry(carried, tokens.next(random)));
            case 1 -> q.append(tokenName).append('=').append(carry(carried, tokens.valid())).append('&').append(tokenName)
                    .append('=').append(carry(carried, tokens.next(random)));
            case 2 -> q.append(tokenName).append("=%ZZ%").append(carry(carried, tokens.valid()));
            case 3 -> q.append("a=1&&=&").append(tokenName).append("&b");
            case 4 -> q.append(tokenName).append('=').append(carry(carried, tokens.valid())).append(pick(BAD_BYTES));
            case 5 -> q.append("%").append(tokenName).append("=").append(carry(carried, tokens.valid()));
            default -> q.append("x=").append("q".repeat(random.nextInt(5000)));
        }
        return q.toString();
    }

    private String authorization(Set<String> carried) {
        String token = carry(carried, tokens.next(random));
        return switch (random.nextInt(14)) {
            case 0, 1, 2, 3, 4 -> "Bearer " + token;
            case 5 -> pick(List.of("bearer ", "BEARER ", "Bearer  ", "Bearer\t", " Bearer ", "Bearer\u00a0")) + token;
            case 6 -> pick(List.of("Bearer", "Bearer ", "Bearer    ", "", " ", "Basic dXNlcjpwYXNz", "Token " + token,
                    "Bearertoken" + token, "Negotiate YII="));
            case 7 -> "Bearer " + token + ", Bearer " + carry(carried, tokens.valid());
            case 8 -> "Bearer " + token + " trailing";
            case 9 -> "Bearer " + token + pick(BAD_BYTES);
            case 10 -> "Bearer " + pick(BAD_BYTES) + token;
            case 11 -> "Bearer " + "A".repeat(8000 + random.nextInt(9000));
            case 12 -> "Bearer " + token + "\r\n continued-" + carry(carried, tokens.valid());
            default -> "Bearer " + new String(GarbageTokens.randomBytes(random, random.nextInt(100)), StandardCharsets.ISO_8859_1)
                    .replace("\r", "").replace("\n", "");
        };
    }

    private String cookie(Set<String> carried) {
        String token = carry(carried, tokens.next(random));
        return switch (random.nextInt(8)) {
            case 0, 1 -> tokenName + "=" + token;
            case 2 -> "a=b; " + tokenName + "=" + token + "; c=d";
            case 3 -> tokenName + "=\"" + token + "\"";
            case 4 -> tokenName + "=" + token + "; " + tokenName + "=" + carry(carried, tokens.valid());
            case 5 -> tokenName + "=";
            case 6 -> tokenName + "=" + token + pick(BAD_BYTES);
            default -> "; ;;=" + pick(BAD_BYTES) + "=" + token;
        };
    }

    private void forwarded(List<String> lines, Set<String> carried) {
        if (chance(80)) {
            lines.add("X-Forwarded-Method: " + pick(FORWARDED_METHODS));
        }
        if (chance(80)) {
            lines.add("X-Forwarded-Proto: " + pick(FORWARDED_PROTOS));
        }
        if (chance(80)) {
            lines.add("X-Forwarded-Host: " + pick(FORWARDED_HOSTS));
        }
        if (chance(90)) {
            String uri = pick(FORWARDED_URIS);
            if (chance(30)) {
                uri = "/ui?" + tokenName + "=" + carry(carried, chance(50) ? tokens.valid() : tokens.next(random));
            }
            lines.add("X-Forwarded-Uri: " + uri);
        }
        if (chance(10)) {
            lines.add("X-Forwarded-Uri: /second");
        }
        if (chance(20)) {
            lines.add("X-Forwarded-For: " + pick(List.of("203.0.113.7", "127.0.0.1", "::1", "1.2.3.4, 5.6.7.8", "garbage",
                    "")));
        }
    }

    private String oddHeader() {
        return pick(List.of("NoColon", ": empty-name", "Bad Name: v", "X-Null: a\u0000b", "X-Ctl: \u0007",
                "X-Latin: \u00e9\u00ff", "X-Fold: a\r\n b", "Expect: 100-continue", "Expect: 200-ok",
                "Upgrade: h2c", "Connection: Upgrade, HTTP2-Settings", "Content-Type: application/x-www-form-urlencoded",
                "Content-Encoding: gzip", "Transfer-Encoding: chunked", "X-Forwarded-Uri:", "Authorization:",
                "\tX-Leading-Tab: v", "X-Trailing-Space : v", "X-Empty:"));
    }

    private byte[] body(List<String> lines, Set<String> carried) {
        byte[] content = GarbageTokens.randomBytes(random, random.nextInt(3000));
        switch (random.nextInt(4)) {
            case 0 -> {
                lines.add("Content-Length: " + content.length);
                return content;
            }
            case 1 -> {
                lines.add("Transfer-Encoding: chunked");
                ByteArrayOutputStream chunked = new ByteArrayOutputStream();
                chunked.writeBytes((Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                chunked.writeBytes(content);
                chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return chunked.toByteArray();
            }
            case 2 -> {
                lines.add("Content-Type: application/x-www-form-urlencoded");
                String form = tokenName + "=" + carry(carried, tokens.valid());
                lines.add("Content-Length: " + form.length());
                return form.getBytes(StandardCharsets.US_ASCII);
            }
            default -> {
                lines.add("Transfer-Encoding: chunked");
                return ("zz\r\n" + new String(content, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private String carry(Set<String> carried, String token) {
        carried.add(token);
        return token;
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> items) {
        return GarbageTokens.pick(random, items);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "…(" + s.length() + ")";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
