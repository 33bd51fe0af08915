package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtverifier.json.Jackson;

/**
 * What the introspection answer's reader relies on of Jackson 2: {@code strictJson().readTree(byte[])} refuses a
 * member given twice and anything after the top-level value (so an answer cannot say {@code active} two ways), and
 * {@code convertValue(tree, Map.class)} hands JSON's own types, a JSON null as a null value.
 */
class JacksonStrictTreeContractTest {
    private final ObjectMapper strict = Jackson.strictJson();

    private JsonNode read(String json) throws IOException {
        return strict.readTree(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMemberGivenTwiceIsRefused() {
        assertThrows(IOException.class, () -> read("{\"active\":false,\"active\":true}"));
    }

    @Test
    void anythingAfterTheObjectIsRefused() {
        assertThrows(IOException.class, () -> read("{\"active\":true} {\"active\":false}"));
        assertThrows(IOException.class, () -> read("{\"active\":true}}"));
    }

    @Test
    void aTreeConvertsToJsonTypes() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = strict.convertValue(read("{\"active\":true,\"exp\":1767225600,"
                + "\"big\":9007199254740993,\"scope\":\"a b\",\"aud\":[\"x\",\"y\"],\"cnf\":{\"k\":1},\"n\":null}"),
                Map.class);
        assertEquals(Boolean.TRUE, map.get("active"));
        assertTrue(map.get("exp") instanceof Integer, () -> map.get("exp").getClass().getName());
        assertEquals(9007199254740993L, map.get("big"));
        assertEquals("a b", map.get("scope"));
        assertEquals(List.of("x", "y"), map.get("aud"));
        assertEquals(Map.of("k", 1), map.get("cnf"));
        assertTrue(map.containsKey("n") && map.get("n") == null);
        assertEquals(Arrays.asList("active", "exp", "big", "scope", "aud", "cnf", "n"), List.copyOf(map.keySet()));
    }
}
