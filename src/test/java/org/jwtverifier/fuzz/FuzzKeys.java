package org.jwtverifier.fuzz;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fixed test keys of the verifier that {@link DeciderFuzzTest} decides with. They are committed (test
 * material, never used anywhere else) because the committed seed corpus holds tokens signed with them: a fresh key
 * per run would turn every seed into an {@code unknown_kid} or {@code bad_signature} rejection, and the fuzzer
 * would never get past the signature check.
 */
final class FuzzKeys {
    /** Resource folder of the verifier's configuration, its public JWKS, its shared secret and the signing keys. */
    static final String FOLDER = "/org/jwtverifier/fuzz/verifier/";
    static final String ISSUER = "https://idp.example";
    static final String HMAC_ISSUER = "https://hmac.example";
    static final String AUDIENCE = "api";

    private FuzzKeys() {
    }

    /** The configuration file, as a path (the test classes are plain files in a Maven build). */
    static Path configFile() {
        try {
            return Paths.get(FuzzKeys.class.getResource(FOLDER + "config.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kid to private key, in the order of {@code signing-keys.json}. */
    static Map<String, PrivateKey> signingKeys() {
        JwkSet set = Jwks.setParser().build().parse(resource("signing-keys.json"));
        Map<String, PrivateKey> keys = new LinkedHashMap<>();
        for (Jwk<?> jwk : set) {
            keys.put(jwk.getId(), ((PrivateJwk<?, ?, ?>) jwk).toKey());
        }
        return keys;
    }

    /** The HMAC issuer's secret, as the verifier reads it (surrounding whitespace stripped). */
    static SecretKey sharedSecret(String jcaName) {
        return new SecretKeySpec(resource("hs.secret").strip().getBytes(StandardCharsets.UTF_8), jcaName);
    }

    private static String resource(String name) {
        try (InputStream in = FuzzKeys.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
