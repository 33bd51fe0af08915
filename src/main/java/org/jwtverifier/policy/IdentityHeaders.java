package org.jwtverifier.policy;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.json.Jackson;

/**
 * Turns verified claims into the identity headers a proxy copies to the backend. Every configured header is
 * always present (empty when its claim is absent), so a client-sent copy can never pass as the verifier's.
 *
 * <p><b>Types.</b> Each header names the JSON type its claim must have ({@link IdentityHeader.Render}); a claim of
 * any other type is left out exactly like an absent one (empty header). So an {@code email} that arrives as an
 * object, array, number or boolean never reaches the backend as JSON text it might parse, and a {@code groups}
 * array arrives as JSON only where the configuration asks for JSON.
 *
 * <p><b>String values</b> are sent unchanged only when every HTTP component on the way hands them to the backend
 * unchanged and no reader can take them for something else. That excludes:
 * <ul>
 *   <li>whitespace at either end, including an all-whitespace value: RFC 9110 §5.5 lets every recipient strip the
 *       optional whitespace around a field value, and Tomcat, Go's net/http (Caddy) and nginx all do, so
 *       {@code " victim@example.test"} would reach the backend as the victim's address;</li>
 *   <li>anything outside printable ASCII (control characters such as CR, LF, HTAB and DEL, and every non-ASCII
 *       character): RFC 9110 §5.5 forbids control characters, and containers disagree on what bytes above 0x7E
 *       mean (Tomcat writes ISO-8859-1, Go and nginx pass bytes);</li>
 *   <li>{@code ,}: the list separator of RFC 9110 §5.6.1; a recipient may read {@code a@x.test,b@y.test} as two
 *       values and keep either (frameworks that bind a header to a list split there);</li>
 *   <li>{@code "} and {@code \}: the delimiters of RFC 9110 §5.6.4 quoted-strings, which a recipient that unquotes
 *       would turn into another value;</li>
 *   <li>a value that reads as an RFC 8187 §3.2.1 {@code ext-value} ({@code charset'language'...}, for example
 *       {@code utf-8''victim%40example.test}, in any case): a backend that decodes encoded values would otherwise
 *       decode a claim that was never encoded.</li>
 * </ul>
 * Such a value is sent in the RFC 8187 §3.2 extended notation: {@code UTF-8''} followed by the percent-encoded UTF-8
 * bytes of the whole claim (everything but {@code attr-char} encoded). It is neither trimmed nor rejected: trimming
 * is exactly the collapse onto another user, and rejecting would turn an IdP's formatting quirk into an outage for
 * that user, while the encoded form is never equal to any value sent as is (those never look like an
 * {@code ext-value}) and decodes back to exactly the claim. An empty string is sent empty, as an absent claim is:
 * both carry no identity. A string with an unpaired surrogate (JSON can spell one, {@code "\uD800"}) has no UTF-8
 * form, so no encoding could give it back; it is left out like a claim of the wrong type.
 *
 * <p><b>Numbers, booleans and JSON</b> are JSON text, written by the one mapper of {@link Jackson} (Jackson's
 * default buffer recycling would keep a thread-local on every request thread after an undeploy) with everything
 * outside printable ASCII escaped as {@code \}{@code uXXXX}, DEL included: compact JSON never starts or ends with
 * whitespace, so these values pass every proxy unchanged and parse back to the claim. A number too large for a
 * double ({@code 1e400}) has been read as infinity by the token's JSON parser and cannot be written back as the
 * claim (Jackson would write the string {@code "Infinity"}): such a claim is left out too.
 */
public final class IdentityHeaders {
    /** Marks an encoded value (RFC 8187 §3.2.1 {@code ext-value} with an empty language tag). */
    public static final String ENCODED_PREFIX = "UTF-8''";

    /** RFC 8187 §3.2.1: {@code mime-charset "'" [ language ] "'"}, so also what another charset would start with. */
    private static final Pattern EXT_VALUE_START = Pattern.compile("^[A-Za-z0-9!#$%&+\\-^_`{}~]+'[A-Za-z0-9-]*'");
    private static final ObjectWriter JSON = Jackson.json()
            .registerModule(new SimpleModule().addSerializer(Double.class, new FiniteDoubleSerializer()))
            .writer()
            .with(JsonWriteFeature.ESCAPE_NON_ASCII)
            .with(new AsciiOnlyEscapes());
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final List<IdentityHeader> headers;
    private final Map<String, String> empty;

    /** @param headers the identity headers, in the order they are sent */
    public IdentityHeaders(List<IdentityHeader> headers) {
        this.headers = List.copyOf(headers);
        Map<String, String> blank = new LinkedHashMap<>();
        headers.forEach(h -> blank.put(h.header(), ""));
        this.empty = Collections.unmodifiableMap(blank);
    }

    /** @return header name to value for these claims, every configured header present */
    public Map<String, String> render(Map<String, ?> claims) {
        Map<String, String> out = new LinkedHashMap<>(headers.size() * 2);
        headers.forEach(h -> out.put(h.header(), renderValue(claims.get(h.claim()), h.render())));
        return out;
    }

    /** @return every configured header with an empty value, for answers that admit without a token */
    public Map<String, String> empty() {
        return empty;
    }

    /**
     * @param value a claim value as the token parser returns it (String, Number, Boolean, List, Map, or null)
     * @return the header text; empty when the claim is absent or not of the type {@code render} names
     */
    static String renderValue(Object value, IdentityHeader.Render render) {
        return switch (render) {
            case STRING -> value instanceof String s ? text(s) : "";
            case NUMBER -> value instanceof Number n ? json(n) : "";
            case BOOLEAN -> value instanceof Boolean b ? b.toString() : "";
            case JSON -> value == null ? "" : json(value);
        };
    }

    private static String text(String s) {
        if (!isWellFormed(s)) {
            return "";
        }
        return sentAsIs(s) ? s : encode(s);
    }

    /** Whether every surrogate is paired: a lone one (JSON allows {@code "\uD800"}) has no UTF-8 form. */
    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} reaches the backend unchanged and unambiguous; the rules are in the class comment. */
    static boolean sentAsIs(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '"' || c == '\\') {
                return false;
            }
        }
        return !EXT_VALUE_START.matcher(s).find();
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

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Claims come from a JSON parser, so every value can be written back; should one not, send nothing.
            return "";
        }
    }

    /**
     * Jackson's standard JSON escapes plus DEL, which JSON allows raw but a header value must not hold (RFC 9110
     * §5.5); {@link JsonWriteFeature#ESCAPE_NON_ASCII} takes care of everything above it.
     */
    private static final class AsciiOnlyEscapes extends CharacterEscapes {
        private final int[] escapes;

        AsciiOnlyEscapes() {
            int[] standard = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes = Arrays.copyOf(standard, 128);
            escapes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /** Refuses what JSON has no number for, so that a claim read as infinity is left out, not sent as a string. */
    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!Double.isFinite(value)) {
                throw new JsonGenerationException("not a finite number", gen);
            }
            gen.writeNumber(value);
        }
    }
}
