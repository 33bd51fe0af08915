package org.jwtverifier.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original request a proxy asks about, as told by {@code X-Forwarded-Method}, {@code -Proto}, {@code -Host} and
 * {@code -Uri}. The path is normalised before matching (percent-decoding, dot segments, {@code ;} parameters, empty
 * segments) so that {@code /public/../admin} or {@code /admin;x} cannot pass as another route.
 *
 * @param method upper-case method, or null when not forwarded
 * @param proto  {@code http} or {@code https}, or null
 * @param host   lower-case host (with port when one was given), or null
 * @param path   normalised path, {@code /} when not forwarded
 * @param query  decoded query parameters of the original request, each name to its values
 */
public record ForwardedTarget(String method, String proto, String host, String path, Map<String, List<String>> query) {

    /** A target for requests whose forwarded headers are absent or not trusted: only the default policy fits. */
    public static final ForwardedTarget UNKNOWN = new ForwardedTarget(null, null, null, "/", Map.of());

    public static ForwardedTarget of(String method, String proto, String host, String uri) {
        String path = "/";
        Map<String, List<String>> query = Map.of();
        if (uri != null && !uri.isEmpty()) {
            int q = uri.indexOf('?');
            path = normalisePath(q < 0 ? uri : uri.substring(0, q));
            query = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
        }
        return new ForwardedTarget(method == null ? null : method.trim().toUpperCase(Locale.ROOT),
                proto == null ? null : firstValue(proto).toLowerCase(Locale.ROOT),
                host == null ? null : firstValue(host).toLowerCase(Locale.ROOT), path, query);
    }

    /** The audience a token minted for this exact origin would carry: {@code https://api.example.com}. */
    public String originAudience() {
        return proto == null || host == null ? null : proto + "://" + host;
    }

    /** @return host without port, or null */
    public String hostName() {
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }

    private static String firstValue(String header) {
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    static String normalisePath(String raw) {
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = raw;
        }
        decoded = decoded.replace('\\', '/');
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/")) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(name);
        }
        boolean trailingSlash = decoded.endsWith("/") && !segments.isEmpty();
        return "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
    }

    /** Decodes a raw query string ({@code a=1&b=%20}) into each name's values, in order. */
    public static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // A malformed pair carries nothing usable; the rest of the query still counts.
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
