package org.jwtverifier.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The auth request Traefik v3.7's forwardAuth middleware (pkg/middlewares/auth/forward.go) sends for a client
 * request, header for header:
 * <ul>
 *   <li>{@code GET <address>} whatever the client's method, no body: the client's path and query only in
 *       {@code X-Forwarded-Uri};</li>
 *   <li>every client header copied (Authorization, Cookie, ...), hop-by-hop ones removed;</li>
 *   <li>{@code X-Forwarded-For/-Method/-Proto/-Host/-Uri} set; with {@code trustForwardHeader: false} the client's
 *       own X-Forwarded-* are deleted first and {@code X-Forwarded-Port} is set too; with {@code true} the client's
 *       values pass through ({@code X-Forwarded-For} gets the client address appended);</li>
 *   <li>Go's HTTP client adds {@code Host} (the auth address), {@code User-Agent} when the client sent none, and
 *       {@code Accept-Encoding: gzip}.</li>
 * </ul>
 */
public final class TraefikForwardAuthRequest {

    /** RFC 7230 §6.1 hop-by-hop headers, as Traefik removes them. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length");

    private static final Set<String> FORWARDED = Set.of("x-forwarded-for", "x-forwarded-method", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-uri", "x-forwarded-port", "x-forwarded-server", "x-real-ip");

    private final String clientMethod;
    private final String clientUri;
    private final String clientHost;
    private String clientIp = "203.0.113.7";
    private boolean tls = true;
    private boolean trustForwardHeader;
    private final List<Map.Entry<String, String>> clientHeaders = new ArrayList<>();

    private TraefikForwardAuthRequest(String clientMethod, String clientUri, String clientHost) {
        this.clientMethod = clientMethod;
        this.clientUri = clientUri;
        this.clientHost = clientHost;
    }

    /** A client request {@code METHOD uri} to {@code host}, over TLS, from 203.0.113.7. */
    public static TraefikForwardAuthRequest of(String clientMethod, String clientUri, String clientHost) {
        return new TraefikForwardAuthRequest(clientMethod, clientUri, clientHost);
    }

    public TraefikForwardAuthRequest header(String name, String value) {
        clientHeaders.add(Map.entry(name, value));
        return this;
    }

    public TraefikForwardAuthRequest bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public TraefikForwardAuthRequest plainHttp() {
        tls = false;
        return this;
    }

    public TraefikForwardAuthRequest trustForwardHeader(boolean trust) {
        trustForwardHeader = trust;
        return this;
    }

    /** The headers of the auth request to {@code authHostPort}, in the order Go writes them. */
    public List<Map.Entry<String, String>> authRequestHeaders(String authHostPort) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : clientHeaders) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || (!trustForwardHeader && FORWARDED.contains(lower))) {
                continue;
            }
            canonical.putIfAbsent(lower, e.getKey());
            h.computeIfAbsent(lower, k -> new ArrayList<>()).add(e.getValue());
        }
        String priorFor = first(h, "x-forwarded-for");
        set(h, canonical, "X-Forwarded-For", trustForwardHeader && priorFor != null
                ? String.join(", ", h.get("x-forwarded-for")) + ", " + clientIp : clientIp);
        set(h, canonical, "X-Forwarded-Method", keepOr(h, "x-forwarded-method", clientMethod));
        set(h, canonical, "X-Forwarded-Proto", keepOr(h, "x-forwarded-proto", tls ? "https" : "http"));
        if (!trustForwardHeader) {
            set(h, canonical, "X-Forwarded-Port", tls ? "443" : "80");
        }
        set(h, canonical, "X-Forwarded-Host", keepOr(h, "x-forwarded-host", clientHost));
        set(h, canonical, "X-Forwarded-Uri", keepOr(h, "x-forwarded-uri", clientUri));

        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(Map.entry("Host", authHostPort));
        String ua = first(h, "user-agent");
        out.add(Map.entry("User-Agent", ua != null ? ua : "Go-http-client/1.1"));
        h.remove("user-agent");
        h.keySet().stream().sorted().forEach(k -> h.get(k).forEach(v -> out.add(Map.entry(canonical.get(k), v))));
        if (first(h, "accept-encoding") == null) {
            out.add(Map.entry("Accept-Encoding", "gzip"));
        }
        return out;
    }

    private String keepOr(Map<String, List<String>> h, String lower, String otherwise) {
        String client = first(h, lower);
        return trustForwardHeader && client != null && !client.isEmpty() ? client : otherwise;
    }

    private static void set(Map<String, List<String>> h, Map<String, String> canonical, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        canonical.put(lower, name);
        h.put(lower, new ArrayList<>(List.of(value)));
    }

    private static String first(Map<String, List<String>> h, String lower) {
        List<String> v = h.get(lower);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
