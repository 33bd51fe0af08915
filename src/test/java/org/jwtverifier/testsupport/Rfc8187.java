package org.jwtverifier.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RFC 8187 ext-value ({@code UTF-8''} + percent-encoded bytes), strict: only attr-char stays unencoded. */
public final class Rfc8187 {

    private static final String ATTR_CHAR_PUNCT = "!#$&+-.^_`|~";

    private Rfc8187() {
    }

    public static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATTR_CHAR_PUNCT.indexOf(c) >= 0;
    }

    public static String encode(String value) {
        StringBuilder sb = new StringBuilder("UTF-8''");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** Decodes an ext-value; throws if it is not one (wrong prefix, a char outside attr-char, bad escape). */
    public static String decode(String extValue) {
        if (!extValue.regionMatches(true, 0, "UTF-8''", 0, 7)) {
            throw new IllegalArgumentException("not an RFC 8187 UTF-8 ext-value: " + extValue);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 7; i < extValue.length(); i++) {
            char c = extValue.charAt(i);
            if (c == '%') {
                if (i + 2 >= extValue.length()) {
                    throw new IllegalArgumentException("truncated pct-encoding: " + extValue);
                }
                out.write(Integer.parseInt(extValue.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (isAttrChar(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("'" + c + "' must be percent-encoded in an ext-value: " + extValue);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
