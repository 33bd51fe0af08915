package org.jwtverifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {
    private final IdentityHeaders headers = new IdentityHeaders(
            new LinkedHashMap<>(Map.of("sub", "X-User-Id", "email", "X-User-Email")));

    @Test
    void renderWhenClaimAbsentThenHeaderPresentAndEmpty() {
        Map<String, String> out = headers.render(Map.of("sub", "alice"));
        assertEquals("alice", out.get("X-User-Id"));
        assertEquals("", out.get("X-User-Email"));
        assertEquals(2, out.size());
    }

    @Test
    void renderValueWhenPrintableAsciiThenUnchanged() {
        assertEquals("alice@example.com", IdentityHeaders.renderValue("alice@example.com"));
        assertEquals("a b ~!", IdentityHeaders.renderValue("a b ~!"));
    }

    @Test
    void renderValueWhenCrLfOrControlCharactersThenEncodedNeverRaw() {
        String rendered = IdentityHeaders.renderValue("alice\r\nX-Admin: true");
        assertEquals("UTF-8''alice%0D%0AX-Admin%3A%20true", rendered);
        assertEquals("UTF-8''a%09b%7F", IdentityHeaders.renderValue("a\tb\u007f"));
    }

    @Test
    void renderValueWhenNonAsciiThenPercentEncodedUtf8() {
        assertEquals("UTF-8''J%C3%BCrgen%20%E2%82%AC", IdentityHeaders.renderValue("Jürgen €"));
        assertEquals("UTF-8''%F0%9F%98%80", IdentityHeaders.renderValue("\uD83D\uDE00"));
    }

    @Test
    void renderValueWhenValueLooksEncodedThenEncodedToStayUnambiguous() {
        assertEquals("UTF-8''UTF-8%27%27abc", IdentityHeaders.renderValue("UTF-8''abc"));
    }

    @Test
    void renderValueWhenNumbersBooleansDatesArraysObjectsThenDocumentedText() {
        assertEquals("42", IdentityHeaders.renderValue(42));
        assertEquals("true", IdentityHeaders.renderValue(true));
        assertEquals("1700000000", IdentityHeaders.renderValue(new Date(1_700_000_000_000L)));
        assertEquals("[\"admin\",\"ops\"]", IdentityHeaders.renderValue(List.of("admin", "ops")));
        assertEquals("{\"a\":1}", IdentityHeaders.renderValue(Map.of("a", 1)));
        assertEquals("[\"J\\u00FCrgen\"]", IdentityHeaders.renderValue(List.of("Jürgen")));
    }
}
