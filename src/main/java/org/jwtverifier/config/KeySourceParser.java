package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.path;
import static org.jwtverifier.config.Fields.text;
import static org.jwtverifier.config.Fields.uri;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads which one of {@code jwksUri}, {@code jwksFile}, {@code discovery}, {@code sharedSecretFile} and
 * {@code sharedSecret} an issuer uses.
 */
final class KeySourceParser {
    private KeySourceParser() {
    }

    /**
     * @param issuer the issuer's {@code iss}, which {@code discovery: true} builds its URL from (OpenID Connect
     *               Discovery 1.0 §4); null when missing
     * @param references the keys whose values were references: {@code sharedSecret} must be one
     * @return the one key source, or null (with a problem) when there is not exactly one
     */
    static KeySourceSpec parse(JsonNode node, String at, Path base, String issuer, Map<String, String> references,
                               Problems problems) {
        List<KeySourceSpec> found = new ArrayList<>();
        text(node, "jwksUri", at, problems).flatMap(u -> uri(u, at + ".jwksUri", problems))
                .ifPresent(u -> found.add(new KeySourceSpec.JwksUri(u)));
        text(node, "jwksFile", at, problems).flatMap(f -> path(base, f, at + ".jwksFile", problems))
                .ifPresent(f -> found.add(new KeySourceSpec.JwksFile(f)));
        text(node, "sharedSecretFile", at, problems).flatMap(f -> path(base, f, at + ".sharedSecretFile", problems))
                .ifPresent(f -> found.add(new KeySourceSpec.SharedSecret(f)));
        String secretKey = at + ".sharedSecret";
        Optional<String> secret = text(node, "sharedSecret", at, problems);
        boolean secretRefused = !Fields.secretIsReference(secretKey, secret, references, problems);
        if (!secretRefused) {
            secret.ifPresent(s -> found.add(new KeySourceSpec.SharedSecretValue(references.get(secretKey), s)));
        }
        if (bool(node, "discovery", at, problems).orElse(false) && issuer != null) {
            String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            uri(trimmed + "/.well-known/openid-configuration", at + ".discovery", problems)
                    .ifPresent(u -> found.add(new KeySourceSpec.Discovery(u)));
        }
        if (found.size() != 1) {
            if (!secretRefused) {
                problems.add(at, "exactly one of jwksUri, jwksFile, discovery: true, sharedSecretFile or sharedSecret"
                        + " is required");
            }
            return null;
        }
        return found.get(0);
    }
}
