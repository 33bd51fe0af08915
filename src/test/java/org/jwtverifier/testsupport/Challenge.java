package org.jwtverifier.testsupport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code WWW-Authenticate} challenge (RFC 7235 / RFC 6750): the scheme and its auth-params.
 * Quoted-string values are unescaped; parameter names are lower-cased.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public static Challenge parse(String header) {
        if (header == null) {
            throw new IllegalArgumentException("no WWW-Authenticate header");
        }
        String s = header.trim();
        int sp = s.indexOf(' ');
        String scheme = sp < 0 ? s : s.substring(0, sp);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? s.length() : sp + 1;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("not an auth-param list: " + header);
            }
            String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < s.length()) {
                        c = s.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated quoted-string: " + header);
                }
                i++;
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (params.put(name, value.toString().trim()) != null) {
                throw new IllegalArgumentException("auth-param '" + name + "' repeated: " + header);
            }
        }
        return new Challenge(scheme, params);
    }

    public String param(String name) {
        return params.get(name);
    }
}
