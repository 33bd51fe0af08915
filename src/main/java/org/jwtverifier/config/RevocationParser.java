package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.duration;
import static org.jwtverifier.config.Fields.integer;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.path;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code revocation} section. */
final class RevocationParser {
    private static final Set<String> KEYS = Set.of("maxEntries", "maxTokenLifetime", "logoutTokenMaxAge",
            "directory", "backchannelLogout");
    private static final Set<String> LOGOUT_KEYS = Set.of("issuer", "clientId", "enabled");

    private RevocationParser() {
    }

    /**
     * @param issuers the configured issuers: back-channel logout is only for one of them
     * @return the section's settings, or the defaults when it is absent or has problems
     */
    static RevocationConfig parse(JsonNode node, Path base, Set<String> issuers, Problems problems) {
        int before = problems.count();
        if (!isSection(node, "revocation", KEYS, problems)) {
            return RevocationConfig.DEFAULTS;
        }
        long maxEntries = integer(node, "maxEntries", "revocation", problems)
                .orElse(RevocationConfig.DEFAULT_MAX_ENTRIES);
        Duration lifetime = duration(node, "maxTokenLifetime", "revocation", problems)
                .orElse(RevocationConfig.DEFAULT_MAX_TOKEN_LIFETIME);
        Duration logoutAge = duration(node, "logoutTokenMaxAge", "revocation", problems)
                .orElse(RevocationConfig.DEFAULT_LOGOUT_TOKEN_MAX_AGE);
        Optional<Path> directory = text(node, "directory", "revocation", problems)
                .flatMap(d -> path(base, d, "revocation.directory", problems));
        Map<String, RevocationConfig.BackchannelLogoutConfig> logout = new LinkedHashMap<>();
        JsonNode list = node.get("backchannelLogout");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("revocation.backchannelLogout", "must be a list");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    backchannelLogout(list.get(i), "revocation.backchannelLogout[" + i + "]", issuers, logout,
                            problems);
                }
            }
        }
        RevocationConfig.check(maxEntries, lifetime, logoutAge, problems);
        return problems.count() > before ? RevocationConfig.DEFAULTS
                : new RevocationConfig(maxEntries, lifetime, logoutAge, directory, logout);
    }

    private static void backchannelLogout(JsonNode node, String at, Set<String> issuers,
                                          Map<String, RevocationConfig.BackchannelLogoutConfig> into,
                                          Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(at, "must be a mapping");
            return;
        }
        problems.rejectUnknown(node, at + ".", LOGOUT_KEYS);
        Optional<String> issuer = text(node, "issuer", at, problems);
        Optional<String> clientId = text(node, "clientId", at, problems);
        boolean enabled = bool(node, "enabled", at, problems)
                .orElse(RevocationConfig.BackchannelLogoutConfig.DEFAULT_ENABLED);
        if (issuer.isEmpty() || issuer.get().isEmpty()) {
            problems.add(at + ".issuer", "required");
        } else if (!issuers.contains(issuer.get())) {
            problems.add(at + ".issuer", "'" + issuer.get() + "' is not a configured issuer");
        }
        if (clientId.isEmpty() || clientId.get().isEmpty()) {
            problems.add(at + ".clientId", "required (the client id logout tokens name in aud)");
        }
        if (issuer.isPresent() && clientId.isPresent() && !issuer.get().isEmpty() && !clientId.get().isEmpty()) {
            if (into.putIfAbsent(issuer.get(), new RevocationConfig.BackchannelLogoutConfig(issuer.get(),
                    clientId.get(), enabled)) != null) {
                problems.add(at + ".issuer", "duplicate issuer '" + issuer.get() + "'");
            }
        }
    }
}
