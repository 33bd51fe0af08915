package org.jwtverifier.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jwtverifier.json.Jackson;

/**
 * One answer of an introspection endpoint (RFC 7662 §2.2), read strictly: a JSON object whose {@code active} is a
 * JSON boolean; {@code exp}, {@code nbf} and {@code iat}, where present, JSON integers (NumericDate, RFC 7519 §2).
 * Anything else, a member given twice or anything after the object included, is the endpoint failing, never a token
 * admitted.
 *
 * @param active whether the IdP says the token is active
 * @param claims the answer's members as JSON types (String, Number, Boolean, List, Map), what route policies and
 *               identity headers read as they read a JWT's claims
 */
public record IntrospectionAnswer(boolean active, Map<String, Object> claims) {
    /** Strict: a second {@code active}, or anything after the object, must not let a reader pick the one it likes. */
    private static final ObjectMapper JSON = Jackson.strictJson();
    /** RFC 9068/RFC 7519 NumericDates beyond 9999-12-31 are refused, as {@code CompactToken} refuses them. */
    private static final long MAX_NUMERIC_DATE = 253402300799L;

    public IntrospectionAnswer {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /**
     * @param body the endpoint's response body, already bounded in size
     * @throws IntrospectionFailure when it is not an RFC 7662 answer
     */
    static IntrospectionAnswer parse(byte[] body) throws IntrospectionFailure {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IntrospectionFailure("the answer is not JSON");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IntrospectionFailure("the answer is not a JSON object");
        }
        JsonNode active = object.get("active");
        if (active == null || !active.isBoolean()) {
            throw new IntrospectionFailure("the answer has no boolean 'active' (RFC 7662 §2.2)");
        }
        for (String time : new String[] {"exp", "nbf", "iat"}) {
            JsonNode value = object.get(time);
            if (value != null && !(value.isIntegralNumber() && value.canConvertToLong()
                    && Math.abs(value.asLong()) <= MAX_NUMERIC_DATE)) {
                throw new IntrospectionFailure("the answer's '" + time + "' is not a NumericDate");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = JSON.convertValue(object, Map.class);
        return new IntrospectionAnswer(active.asBoolean(), claims);
    }

    /** @return a NumericDate member in epoch milliseconds, or null when absent */
    Long millis(String name) {
        Object value = claims.get(name);
        return value instanceof Number n ? n.longValue() * 1000 : null;
    }

    /** @return a string member, or null when absent or not a string */
    String string(String name) {
        Object value = claims.get(name);
        return value instanceof String s ? s : null;
    }
}
