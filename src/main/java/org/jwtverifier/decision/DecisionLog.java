package org.jwtverifier.decision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jwtverifier.config.DecisionLogConfig;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.policy.ForwardedTarget;

/**
 * The decision log: one line per decision on the {@code org.jwtverifier.decision} logger at FINE, as text or as
 * one JSON object ({@link DecisionLogConfig.Format}). Each line stands alone (it carries its own time), so the
 * handler that writes the file needs no formatter of its own: the shipped {@code tomcat/conf/logging.properties}
 * writes these lines verbatim into a file of their own.
 *
 * <p>Never the token: a token is named by {@code tokenHash}, the first 16 hex digits (64 bits) of the SHA-256 of its
 * compact form, enough to find every decision on one token and useless to replay it. Never the request path or
 * query either (a route may take its token from the query). Values that come from the token or the request
 * before it is verified ({@code kid}, {@code iss}, {@code X-Forwarded-Host}) are cut to a bounded length; the JSON
 * form escapes every control character, the text form replaces anything outside printable ASCII with {@code ?}.
 */
final class DecisionLog {
    static final Logger LOGGER = Logger.getLogger("org.jwtverifier.decision");
    /** Hex digits of the token's SHA-256 that name it in the log. */
    static final int TOKEN_HASH_HEX_DIGITS = 16;
    private static final int MAX_KID_CHARS = 64;
    private static final int MAX_VALUE_CHARS = 256;

    private final DecisionLogConfig config;
    private final Clock clock;
    private final ObjectMapper json = Jackson.json();

    DecisionLog(DecisionLogConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param forwardedIgnored the request carried {@code X-Forwarded-*} from a peer not trusted with them: logged
     *                         even when admitted, since the default policy applied instead of the route asked for
     * @return whether {@link #log} would write a line; cheap, and false unless the logger is at FINE
     */
    boolean wants(Decision decision, boolean forwardedIgnored) {
        return LOGGER.isLoggable(Level.FINE)
                && (config.admitted() || forwardedIgnored || !(decision instanceof Decision.Admitted));
    }

    /**
     * @param target        what the trusted proxy forwarded, {@link ForwardedTarget#UNKNOWN} when nothing was
     * @param untrustedPeer the peer whose {@code X-Forwarded-*} headers were ignored, else null
     * @param token         the token that was verified, or null when none got that far
     * @param elapsedNanos  how long deciding took
     */
    void log(Decision decision, ForwardedTarget target, String untrustedPeer, String token, long elapsedNanos) {
        LOGGER.fine(line(decision, target, untrustedPeer, token, elapsedNanos));
    }

    String line(Decision decision, ForwardedTarget target, String untrustedPeer, String token, long elapsedNanos) {
        String outcome = decision.match(a -> "admitted", r -> "rejected", u -> "unavailable");
        String reason = decision.match(a -> null, r -> r.reason().code(), u -> u.cause().code());
        int status = decision.match(a -> 200, r -> r.reason().status(), u -> 503);
        String time = clock.instant().toString();
        long latencyMicros = elapsedNanos / 1000;
        String issuer = cut(decision.issuer(), MAX_VALUE_CHARS);
        String kid = cut(decision.kid(), MAX_KID_CHARS);
        String host = cut(target.host(), MAX_VALUE_CHARS);
        String tokenHash = token == null ? null : tokenHash(token);
        if (config.format() == DecisionLogConfig.Format.JSON) {
            ObjectNode line = json.createObjectNode();
            line.put("time", time);
            line.put("outcome", outcome);
            line.put("status", status);
            putIfPresent(line, "reason", reason);
            line.put("route", decision.route());
            putIfPresent(line, "method", target.method());
            putIfPresent(line, "host", host);
            putIfPresent(line, "issuer", issuer);
            putIfPresent(line, "kid", kid);
            putIfPresent(line, "tokenHash", tokenHash);
            line.put("latencyMicros", latencyMicros);
            if (untrustedPeer != null) {
                line.put("forwardedHeaders", "ignored");
                line.put("peer", cut(untrustedPeer, MAX_VALUE_CHARS));
            }
            return Jackson.write(json, line);
        }
        StringBuilder text = new StringBuilder(160).append(time).append(' ').append(outcome);
        pair(text, "reason", reason);
        pair(text, "status", Integer.toString(status));
        pair(text, "route", decision.route());
        pair(text, "method", target.method());
        pair(text, "host", host);
        pair(text, "issuer", issuer);
        pair(text, "kid", kid);
        pair(text, "tokenHash", tokenHash);
        pair(text, "latencyMicros", Long.toString(latencyMicros));
        if (untrustedPeer != null) {
            pair(text, "forwardedHeaders", "ignored");
            pair(text, "peer", cut(untrustedPeer, MAX_VALUE_CHARS));
        }
        return text.toString();
    }

    /** @return the first {@value #TOKEN_HASH_HEX_DIGITS} hex digits of the SHA-256 of the token's UTF-8 bytes */
    static String tokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, TOKEN_HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void putIfPresent(ObjectNode line, String key, String value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    private static void pair(StringBuilder text, String key, String value) {
        if (value == null) {
            return;
        }
        text.append(' ').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            text.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
