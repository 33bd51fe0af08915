package org.jwtverifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedTargetTest {
    @Test
    void normalisePathThenDotSegmentsParametersAndEncodingsCannotDisguiseAPath() {
        assertEquals("/admin", ForwardedTarget.normalisePath("/public/../admin"));
        assertEquals("/admin", ForwardedTarget.normalisePath("/public/%2e%2e/admin"));
        assertEquals("/admin", ForwardedTarget.normalisePath("/public%2F..%2Fadmin"));
        assertEquals("/admin/x", ForwardedTarget.normalisePath("/admin;jsessionid=1/x"));
        assertEquals("/admin/", ForwardedTarget.normalisePath("//admin//"));
        assertEquals("/admin", ForwardedTarget.normalisePath("/public\\..\\admin"));
        assertEquals("/", ForwardedTarget.normalisePath("/../../"));
        assertEquals("/a%zz", ForwardedTarget.normalisePath("/a%zz"));
    }

    @Test
    void ofThenQueryHostProtoAndMethodAreParsed() {
        ForwardedTarget t = ForwardedTarget.of("get", "HTTPS, http", "API.Example.com:8443", "/x?a=1&b=%20&a=2&c");
        assertEquals("GET", t.method());
        assertEquals("https", t.proto());
        assertEquals("api.example.com:8443", t.host());
        assertEquals("api.example.com", t.hostName());
        assertEquals("https://api.example.com:8443", t.originAudience());
        assertEquals(Map.of("a", List.of("1", "2"), "b", List.of(" "), "c", List.of("")), t.query());
    }
}
