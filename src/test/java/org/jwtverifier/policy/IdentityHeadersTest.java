package org.jwtverifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.IdentityHeader;
import org.jwtverifier.config.IdentityHeader.Render;
import org.jwtverifier.testsupport.Rfc8187;

class IdentityHeadersTest {
    private final IdentityHeaders headers = new IdentityHeaders(List.of(
            IdentityHeader.string("sub", "X-User-Id"), IdentityHeader.string("email", "X-User-Email")));

    @Test
    void renderWhenClaimAbsentThenHeaderPresentAndEmpty() {
        Map<String, String> out = headers.render(Map.of("sub", "alice"));
        assertEquals("alice", out.get("X-User-Id"));
        assertEquals("", out.get("X-User-Email"));
        assertEquals(2, out.size());
        assertEquals(Map.of("X-User-Id", "", "X-User-Email", ""), headers.empty());
    }

    @Test
    void renderValueWhenPrintableAsciiThenUnchanged() {
        assertStringsRenderAs("alice@example.com", "alice@example.com", "a b ~!", "a b ~!", "", "");
    }

    @Test
    void renderValueWhenCrLfOrControlCharactersThenEncodedNeverRaw() {
        assertStringsRenderAs("alice\r\nX-Admin: true", "UTF-8''alice%0D%0AX-Admin%3A%20true",
                "a\tb\u007f", "UTF-8''a%09b%7F");
    }

    @Test
    void renderValueWhenNonAsciiThenPercentEncodedUtf8() {
        assertStringsRenderAs(
                "Jürgen €", "UTF-8''J%C3%BCrgen%20%E2%82%AC",
                "\uD83D\uDE00", "UTF-8''%F0%9F%98%80",
                "\u00a0alice", "UTF-8''%C2%A0alice");
    }

    @Test
    void renderValueWhenValueLooksEncodedThenEncodedToStayUnambiguous() {
        assertStringsRenderAs("UTF-8''abc", "UTF-8''UTF-8%27%27abc", "utf-8''abc", "UTF-8''utf-8%27%27abc",
                "us-ascii'en'abc", "UTF-8''us-ascii%27en%27abc", "d'angelo@example.test", "d'angelo@example.test");
    }

    /** Pairs of a claim's string value and the header value it must render as. */
    private static void assertStringsRenderAs(String... valueThenRendered) {
        for (int i = 0; i < valueThenRendered.length; i += 2) {
            String value = valueThenRendered[i];
            assertEquals(valueThenRendered[i + 1], renderString(value), () -> escaped(value));
        }
    }

    @Test
    void renderValueWhenTypeDiffersFromTheRenderFormThenEmpty() {
        for (Object notAString : new Object[]{42, 1.5, true, List.of("a"), Map.of("a", "b")}) {
            assertEquals("", IdentityHeaders.renderValue(notAString, Render.STRING), notAString::toString);
        }
        for (Object notANumber : new Object[]{"42", true, List.of(1), Map.of("a", 1)}) {
            assertEquals("", IdentityHeaders.renderValue(notANumber, Render.NUMBER), notANumber::toString);
        }
        for (Object notABoolean : new Object[]{"true", 1, List.of(true)}) {
            assertEquals("", IdentityHeaders.renderValue(notABoolean, Render.BOOLEAN), notABoolean::toString);
        }
        for (Object infinite : new Object[]{Double.POSITIVE_INFINITY, List.of(1, Double.NEGATIVE_INFINITY)}) {
            assertEquals("", IdentityHeaders.renderValue(infinite, Render.NUMBER), infinite::toString);
            assertEquals("", IdentityHeaders.renderValue(infinite, Render.JSON), infinite::toString);
        }
        for (Render render : Render.values()) {
            assertEquals("", IdentityHeaders.renderValue(null, render), render::toString);
        }
    }

    @Test
    void renderValueWhenNumbersBooleansAndJsonThenJsonText() {
        assertEquals("42", IdentityHeaders.renderValue(42, Render.NUMBER));
        assertEquals("9007199254740993", IdentityHeaders.renderValue(9007199254740993L, Render.NUMBER));
        assertEquals("1.5", IdentityHeaders.renderValue(1.5, Render.NUMBER));
        assertEquals("true", IdentityHeaders.renderValue(true, Render.BOOLEAN));
        assertEquals("[\"admin\",\"ops\"]", IdentityHeaders.renderValue(List.of("admin", "ops"), Render.JSON));
        assertEquals("{\"a\":1}", IdentityHeaders.renderValue(Map.of("a", 1), Render.JSON));
        assertEquals("[\"J\\u00FCrgen\"]", IdentityHeaders.renderValue(List.of("Jürgen"), Render.JSON));
        assertEquals("[\"\\u007F\\r\\n\"]", IdentityHeaders.renderValue(List.of("\u007f\r\n"), Render.JSON));
        assertEquals("\" x \"", IdentityHeaders.renderValue(" x ", Render.JSON));
    }

    @Test
    void renderValueWhenAStringHasAnUnpairedSurrogateThenEmptyBecauseNoEncodingGivesItBack() {
        for (String unpaired : List.of("\uD800", "a\uDC00", "x\uD83Dy", "\uDE00\uD83D")) {
            assertEquals("", IdentityHeaders.renderValue(unpaired, Render.STRING), () -> escaped(unpaired));
        }
        assertEquals("UTF-8''%F0%9F%98%80", renderString("\uD83D\uDE00"));
        assertEquals("[\"\\uD800\"]", IdentityHeaders.renderValue(List.of("\uD800"), Render.JSON));
    }

    /** The table of docs/configuration.md, "How a string is sent", row by row. */
    @Test
    void renderValueWhenTheDocumentedExamplesThenTheDocumentedValues() {
        Map<String, String> documented = new java.util.LinkedHashMap<>();
        documented.put("alice@example.com", "alice@example.com");
        documented.put("O'Brien J.", "O'Brien J.");
        documented.put(" victim@example.test", "UTF-8''%20victim%40example.test");
        documented.put("victim@example.test ", "UTF-8''victim%40example.test%20");
        documented.put("   ", "UTF-8''%20%20%20");
        documented.put("J\u00fcrgen", "UTF-8''J%C3%BCrgen");
        documented.put("alice\r\nX-Admin: true", "UTF-8''alice%0D%0AX-Admin%3A%20true");
        documented.put("victim@example.test,mallory@example.test", "UTF-8''victim%40example.test%2Cmallory%40example.test");
        documented.put("\"victim@example.test\"", "UTF-8''%22victim%40example.test%22");
        documented.put("utf-8''victim%40example.test", "UTF-8''utf-8%27%27victim%2540example.test");
        documented.forEach((claim, header) ->
                assertEquals(header, IdentityHeaders.renderValue(claim, Render.STRING), claim));
        assertEquals("[\"ops\",\"J\\u00FCrgen\"]", IdentityHeaders.renderValue(List.of("ops", "J\u00fcrgen"), Render.JSON));
        assertEquals("\"admin\"", IdentityHeaders.renderValue("admin", Render.JSON));
    }

    /**
     * The invariants a backend relies on, over values built to break them: no control character, no whitespace at
     * either end, and the claim back from the header (RFC 8187 decoding of an encoded value, JSON parsing of JSON).
     */
    @Test
    void renderValueWhateverTheStringThenPrintableUntrimmableAndDecodableBackToTheClaim() throws Exception {
        List<String> tricky = new ArrayList<>(List.of(" ", "  \t ", "\t", "a ", " a", "\u00a0", "\u2028x", "x\u3000",
                "\r\n", "\u0000", "\u007f", "%", "%20", "UTF-8''", "utf-8'de'x", "'", "''", "a'b'c", ",", "\"",
                "\\", ";", "=", "{http.request.uri}", "$http_authorization", "\uD83D\uDE00"));
        for (char c = 0; c < 0x100; c++) {
            tricky.add(String.valueOf(c));
            tricky.add("a" + c + "b");
            tricky.add(c + "victim@example.test");
            tricky.add("victim@example.test" + c);
        }
        ObjectMapper json = new ObjectMapper();
        for (String claim : tricky) {
            String header = IdentityHeaders.renderValue(claim, Render.STRING);
            assertSafeHeaderValue(claim, header);
            String decoded = header.regionMatches(true, 0, "UTF-8''", 0, 7) ? Rfc8187.decode(header) : header;
            assertEquals(claim, decoded, () -> "claim " + escaped(claim) + " -> " + header);
            String asJson = IdentityHeaders.renderValue(List.of(claim), Render.JSON);
            assertSafeHeaderValue(claim, asJson);
            assertEquals(List.of(claim), json.readValue(asJson, List.class), () -> "claim " + escaped(claim));
        }
    }

    /** How a claim rendered as a plain string goes on the wire. */
    private static String renderString(String claim) {
        return IdentityHeaders.renderValue(claim, Render.STRING);
    }

    private static void assertSafeHeaderValue(String claim, String header) {
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e),
                () -> "control or non-ASCII character: " + escaped(claim) + " -> " + escaped(header));
        assertEquals(header.strip(), header, () -> "whitespace at an end: " + escaped(claim) + " -> " + header);
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c >= 0x20 && c <= 0x7e ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }
}
