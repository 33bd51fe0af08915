package org.jwtverifier.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The one place where the web application makes Jackson mappers (JSON, YAML, and the one JJWT parses with).
 *
 * <p>Jackson's default buffer recycling keeps a {@code SoftReference<BufferRecycler>} in a {@code ThreadLocal} of
 * every thread that parsed or wrote JSON. Those threads are the container's request threads, which outlive the
 * web application: after an undeploy each of them still references a class of this web application, so its class
 * loader cannot be collected (Tomcat's {@code findleaks} reports it) until the thread happens to be renewed.
 * These mappers recycle buffers through a pool held by Jackson's own classes instead, which go away with the web
 * application. Never write {@code JsonNode.toString()} either: it goes through Jackson's internal default mapper,
 * with the thread-local pool; write with {@link #write(ObjectMapper, Object)}.
 */
public final class Jackson {
    private static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.sharedConcurrentDequePool();

    private Jackson() {
    }

    /** A JSON mapper without thread-local buffer recycling. */
    public static ObjectMapper json() {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(POOL).build());
    }

    /**
     * A JSON mapper for untrusted documents (tokens, JWKS): duplicate members are an error (RFC 7515 §4, RFC 7517
     * §4), as is anything after the top-level value.
     */
    public static ObjectMapper strictJson() {
        return json().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A YAML mapper without thread-local buffer recycling. */
    public static ObjectMapper yaml() {
        return new ObjectMapper(YAMLFactory.builder().recyclerPool(POOL).build());
    }

    /** {@code value} as JSON text, written by {@code mapper}. */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
