package org.jwtverifier.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The auth request Traefik v3.7 sends for a client request, header for header, as its entrypoint
 * ({@code pkg/middlewares/forwardedheaders/forwarded_header.go}) and then its forwardAuth middleware
 * ({@code pkg/middlewares/auth/forward.go}, {@code writeHeader}) shape it:
 * <ol>
 *   <li>the entrypoint deletes every {@code X-Forwarded-*} header Traefik manages (and {@code X-Real-Ip}) from a
 *       peer outside {@code forwardedHeaders.trustedIPs}, then sets {@code X-Real-Ip}, {@code X-Forwarded-Proto},
 *       {@code -Port}, {@code -Host} where absent and {@code X-Forwarded-Server} (its host name);</li>
 *   <li>forwardAuth sends {@code GET <address>} whatever the client's method, no body, the client's path and query
 *       only in {@code X-Forwarded-Uri}; it copies every header, hop-by-hop ones removed; with
 *       {@code trustForwardHeader: false} it deletes the managed {@code X-Forwarded-*} again; it appends the peer's
 *       address to {@code X-Forwarded-For} and sets {@code X-Forwarded-Method}, {@code -Proto}, {@code -Port},
 *       {@code -Host}, {@code -Uri} where absent; with no {@code User-Agent} from the client it sends none;</li>
 *   <li>Go's HTTP client adds {@code Host} (the auth address) and {@code Accept-Encoding: gzip}.</li>
 * </ol>
 * The default is the documented configuration: {@code trustForwardHeader: true}, a client outside
 * {@code trustedIPs}, over TLS, from 203.0.113.7.
 */
public final class TraefikForwardAuthRequest {

    /** RFC 7230 §6.1 hop-by-hop headers, as Traefik removes them. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length");

    /** forwardedheaders.XHeadersSet: what the entrypoint and {@code trustForwardHeader: false} delete. */
    private static final Set<String> MANAGED = Set.of("x-forwarded-proto", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-port", "x-forwarded-server", "x-forwarded-uri", "x-forwarded-method", "x-forwarded-prefix",
            "x-forwarded-tls-client-cert", "x-forwarded-tls-client-cert-info", "x-real-ip");

    /** The host name Traefik puts in X-Forwarded-Server. */
    static final String TRAEFIK_HOST_NAME = "traefik-1";

    private final String clientMethod;
    private final String clientUri;
    private final String clientHost;
    private String peerIp = "203.0.113.7";
    private boolean peerTrusted;
    private boolean tls = true;
    private boolean trustForwardHeader = true;
    private final List<Map.Entry<String, String>> clientHeaders = new ArrayList<>();

    private TraefikForwardAuthRequest(String clientMethod, String clientUri, String clientHost) {
        this.clientMethod = clientMethod;
        this.clientUri = clientUri;
        this.clientHost = clientHost;
    }

    /** A client request {@code METHOD uri} to {@code host}, over TLS, from 203.0.113.7 (not a trusted IP). */
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

    /** The request reaches Traefik from {@code ip}, which is in the entrypoint's {@code forwardedHeaders.trustedIPs}. */
    public TraefikForwardAuthRequest fromTrustedProxy(String ip) {
        peerIp = ip;
        peerTrusted = true;
        return this;
    }

    /** The headers of the auth request to {@code authHostPort}, in the order Go writes them. */
    public List<Map.Entry<String, String>> authRequestHeaders(String authHostPort) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : clientHeaders) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            canonical.putIfAbsent(lower, e.getKey());
            h.computeIfAbsent(lower, k -> new ArrayList<>()).add(e.getValue());
        }
        boolean clientSentUserAgent = h.containsKey("user-agent");

        // The entrypoint.
        if (!peerTrusted) {
            h.keySet().removeAll(MANAGED);
        }
        setIfAbsent(h, canonical, "X-Real-Ip", peerIp);
        setIfAbsent(h, canonical, "X-Forwarded-Proto", tls ? "https" : "http");
        setIfAbsent(h, canonical, "X-Forwarded-Port", port(h));
        setIfAbsent(h, canonical, "X-Forwarded-Host", clientHost);
        if (h.containsKey("x-forwarded-for")) {
            set(h, canonical, "X-Forwarded-For", String.join(", ", h.get("x-forwarded-for")));
        }
        set(h, canonical, "X-Forwarded-Server", TRAEFIK_HOST_NAME);

        // forwardAuth.
        h.keySet().removeAll(HOP_BY_HOP);
        if (!trustForwardHeader) {
            h.keySet().removeAll(MANAGED);
        }
        String priorFor = first(h, "x-forwarded-for");
        set(h, canonical, "X-Forwarded-For", priorFor != null ? priorFor + ", " + peerIp : peerIp);
        setIfAbsent(h, canonical, "X-Forwarded-Method", clientMethod);
        setIfAbsent(h, canonical, "X-Forwarded-Proto", tls ? "https" : "http");
        setIfAbsent(h, canonical, "X-Forwarded-Port", port(h));
        setIfAbsent(h, canonical, "X-Forwarded-Host", clientHost);
        setIfAbsent(h, canonical, "X-Forwarded-Uri", clientUri);

        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(Map.entry("Host", authHostPort));
        if (clientSentUserAgent) {
            out.add(Map.entry("User-Agent", first(h, "user-agent")));
        }
        h.remove("user-agent");
        h.keySet().stream().sorted().forEach(k -> h.get(k).forEach(v -> out.add(Map.entry(canonical.get(k), v))));
        if (first(h, "accept-encoding") == null) {
            out.add(Map.entry("Accept-Encoding", "gzip"));
        }
        return out;
    }

    /** forwardedPort: the port of the client's Host, else 443 for https (by header or TLS), else 80. */
    private String port(Map<String, List<String>> h) {
        int colon = clientHost.lastIndexOf(':');
        if (colon > 0 && clientHost.indexOf(']') < colon) {
            return clientHost.substring(colon + 1);
        }
        return "https".equals(first(h, "x-forwarded-proto")) || tls ? "443" : "80";
    }

    private static void setIfAbsent(Map<String, List<String>> h, Map<String, String> canonical, String name,
                                    String value) {
        if (!h.containsKey(name.toLowerCase(Locale.ROOT))) {
            set(h, canonical, name, value);
        }
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
