package org.jwtverifier.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns verified claims into the identity headers a proxy copies to the backend. Every configured header is
 * always present (empty when its claim is absent), so a client-sent copy can never pass as the verifier's.
 *
 * <p>Values travel unchanged when they are printable ASCII. Anything else (non-ASCII, control characters such as
 * CR/LF, or a value that itself starts with {@code UTF-8''}) is sent in the RFC 8187 §3.2 extended notation:
 * {@code UTF-8''} followed by the percent-encoded UTF-8 bytes, so no value is lost or silently turned into
 * another one. Numbers and booleans are sent as their JSON text, dates ({@code exp}, {@code iat}, {@code nbf}) as
 * seconds since the epoch, arrays and objects as compact JSON.
 */
public final class IdentityHeaders {
    /** Marks an encoded value (RFC 8187 §3.2.1 {@code ext-value} with an empty language tag). */
    public static final String ENCODED_PREFIX = "UTF-8''";

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Map<String, String> claimToHeader;
    private final Map<String, String> empty;

    /** @param claimToHeader claim name to header name, in the order headers are sent */
    public IdentityHeaders(Map<String, String> claimToHeader) {
        this.claimToHeader = Collections.unmodifiableMap(new LinkedHashMap<>(claimToHeader));
        Map<String, String> blank = new LinkedHashMap<>();
        claimToHeader.values().forEach(h -> blank.put(h, ""));
        this.empty = Collections.unmodifiableMap(blank);
    }

    /** @return header name to value for these claims, every configured header present */
    public Map<String, String> render(Map<String, ?> claims) {
        Map<String, String> headers = new LinkedHashMap<>(claimToHeader.size() * 2);
        claimToHeader.forEach((claim, header) -> headers.put(header, renderValue(claims.get(claim))));
        return headers;
    }

    /** @return every configured header with an empty value, for answers that admit without a token */
    public Map<String, String> empty() {
        return empty;
    }

    /** @return the header names, in order */
    public Collection<String> names() {
        return empty.keySet();
    }

    static String renderValue(Object value) {
        String text;
        if (value == null) {
            return "";
        } else if (value instanceof String s) {
            text = s;
        } else if (value instanceof Date d) {
            text = Long.toString(d.getTime() / 1000);
        } else if (value instanceof Number || value instanceof Boolean) {
            text = value.toString();
        } else {
            try {
                text = JSON.writeValueAsString(value instanceof Collection<?> c ? c : value);
            } catch (JsonProcessingException e) {
                return "";
            }
        }
        return safe(text) ? text : encode(text);
    }

    private static boolean safe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return !text.startsWith(ENCODED_PREFIX);
    }

    /** RFC 8187 §3.2.1: everything but {@code attr-char} is percent-encoded. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(ENCODED_PREFIX.length() + bytes.length * 3);
        out.append(ENCODED_PREFIX);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
