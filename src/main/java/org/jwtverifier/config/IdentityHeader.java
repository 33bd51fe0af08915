package org.jwtverifier.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One identity header: which claim it carries, under which response header name, and how the claim is rendered.
 *
 * @param claim  the claim name in the verified token
 * @param header the response header name the proxy copies to the backend
 * @param render the JSON type the claim must have and how it becomes header text
 */
public record IdentityHeader(String claim, String header, Render render) {

    /**
     * How a claim becomes header text. A claim of another JSON type than the form names is left out: the header is
     * sent empty, as for an absent claim, never rendered in some other way the backend did not ask for.
     */
    public enum Render {
        /** A JSON string; the default, and what {@code claim: Header-Name} means. */
        STRING,
        /** A JSON number, sent as its JSON text ({@code 42}, {@code 1.5}). */
        NUMBER,
        /** A JSON boolean, sent as {@code true} or {@code false}. */
        BOOLEAN,
        /** Any JSON value, sent as compact JSON text with everything outside printable ASCII escaped. */
        JSON;

        /** The name used in the configuration file. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A header carrying a string claim: the meaning of {@code claim: Header-Name} in the configuration. */
    public static IdentityHeader string(String claim, String header) {
        return new IdentityHeader(claim, header, Render.STRING);
    }

    /** @return claim name to header name, in order (what JMX shows) */
    public static Map<String, String> headerByClaim(List<IdentityHeader> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h.claim(), h.header()));
        return Collections.unmodifiableMap(out);
    }
}
