package org.jwtverifier.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an {@code identityHeaders} mapping, the global one and a route's alike. Each claim maps either to a header
 * name ({@code sub: X-User-Id}, a string claim) or to a mapping that names the render form
 * ({@code groups: {header: X-User-Groups, render: json}}), so files written before render forms existed keep their
 * meaning.
 */
final class IdentityHeaderParser {
    /** RFC 9110 §5.1 field-name: a token. */
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Set<String> KEYS = Set.of("header", "render");
    /**
     * Names a claim must never replace, lower case: what frames the message or belongs to one hop (RFC 9112 §6,
     * RFC 9110 §7.6.1), credentials and the verifier's own answer headers, and what proxies use to say where a
     * request came from (oauth2-proxy's {@code X-Forwarded-User} and the like stay allowed). A claim's value there
     * would mislead the proxy or the backend.
     */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "authorization", "proxy-authorization",
            "cookie", "set-cookie", "www-authenticate", "proxy-authenticate", "content-type", "cache-control",
            "retry-after", "forwarded", "x-real-ip", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-uri", "x-forwarded-method", "x-forwarded-server",
            "x-forwarded-ssl");
    private static final String RENDER_NAMES = Arrays.stream(IdentityHeader.Render.values())
            .map(IdentityHeader.Render::configName).collect(Collectors.joining(", "));

    private IdentityHeaderParser() {
    }

    /**
     * @param node the {@code identityHeaders} value
     * @param key  where it is, for problems ({@code identityHeaders}, {@code routes[2].identityHeaders})
     * @return the valid entries, in file order
     */
    static List<IdentityHeader> parse(JsonNode node, String key, Problems problems) {
        List<IdentityHeader> headers = new ArrayList<>();
        if (!node.isObject()) {
            problems.add(key, "must map claim names to header names");
            return headers;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            IdentityHeader header = entry(e.getKey(), e.getValue(), key + "." + e.getKey(), problems);
            if (header == null) {
                continue;
            }
            if (!seen.add(header.header().toLowerCase(Locale.ROOT))) {
                problems.add(key + "." + e.getKey(), "header '" + header.header() + "' is mapped twice");
            } else {
                headers.add(header);
            }
        }
        return List.copyOf(headers);
    }

    private static IdentityHeader entry(String claim, JsonNode value, String at, Problems problems) {
        if (value.isTextual()) {
            return headerName(value, at, problems) ? IdentityHeader.string(claim, value.asText()) : null;
        }
        if (!value.isObject()) {
            problems.add(at, "must be a header name, or a mapping with header and render");
            return null;
        }
        problems.rejectUnknown(value, at + ".", KEYS);
        JsonNode header = value.get("header");
        boolean valid = true;
        if (header == null || header.isNull()) {
            problems.add(at + ".header", "is required");
            valid = false;
        } else {
            valid = headerName(header, at + ".header", problems);
        }
        IdentityHeader.Render render = render(value.get("render"), at + ".render", problems);
        return valid && render != null ? new IdentityHeader(claim, header.asText(), render) : null;
    }

    private static boolean headerName(JsonNode value, String at, Problems problems) {
        if (!value.isTextual() || !HEADER_NAME.matcher(value.asText()).matches()) {
            problems.add(at, "must be a valid HTTP header name");
            return false;
        }
        if (RESERVED.contains(value.asText().toLowerCase(Locale.ROOT))) {
            problems.add(at, "'" + value.asText() + "' is a header HTTP, the proxy or the backend relies on; name"
                    + " the identity header otherwise (X-User-...)");
            return false;
        }
        return true;
    }

    private static IdentityHeader.Render render(JsonNode value, String at, Problems problems) {
        if (value == null || value.isNull()) {
            return IdentityHeader.Render.STRING;
        }
        for (IdentityHeader.Render render : IdentityHeader.Render.values()) {
            if (value.isTextual() && render.configName().equals(value.asText())) {
                return render;
            }
        }
        problems.add(at, "must be one of " + RENDER_NAMES);
        return null;
    }
}
