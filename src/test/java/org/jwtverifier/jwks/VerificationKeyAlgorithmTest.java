package org.jwtverifier.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SecurityException;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwtverifier.config.JwsAlgorithm;

/**
 * Which published key may verify which {@code alg} comes from the {@link JwsAlgorithm} table; JJWT itself is the
 * judge of whether the key type and curve fit the algorithm: a key is fit exactly where JJWT signs with its pair.
 */
class VerificationKeyAlgorithmTest {
    private static final Map<String, KeyPair> PAIRS = Map.of(
            "RSA", Jwts.SIG.RS256.keyPair().build(),
            "EC P-256", Jwts.SIG.ES256.keyPair().build(),
            "EC P-384", Jwts.SIG.ES384.keyPair().build(),
            "EC P-521", Jwts.SIG.ES512.keyPair().build(),
            "OKP Ed25519", Jwks.CRV.Ed25519.keyPair().build(),
            "OKP Ed448", Jwks.CRV.Ed448.keyPair().build());

    static Stream<Arguments> keysAndAlgorithms() {
        return PAIRS.keySet().stream().sorted().flatMap(key -> Stream.of(JwsAlgorithm.values())
                .filter(alg -> !alg.isHmac()).map(alg -> Arguments.of(key, alg)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("keysAndAlgorithms")
    void permitsWhenJwkStatesNoAlgThenExactlyWhereJjwtSignsWithTheKey(String name, JwsAlgorithm alg) throws Exception {
        KeyPair pair = PAIRS.get(name);
        VerificationKey key = published(pair);
        assertEquals(jjwtSigns(pair, alg), key.permits(alg.name()), name + " / " + alg);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void permitsWhenAlgorithmIsNotInTheTableThenNever(String name) throws Exception {
        VerificationKey key = published(PAIRS.get(name));
        assertFalse(key.permits("none"));
        assertFalse(key.permits("rs256"));
        assertFalse(key.permits("HS256"), "a public key is never an HMAC secret");
    }

    static Stream<String> keyNames() {
        return PAIRS.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyNames")
    void permitsWhenKeyFitsThenSomeAlgorithmOfTheTable(String name) throws Exception {
        VerificationKey key = published(PAIRS.get(name));
        assertTrue(Stream.of(JwsAlgorithm.values()).anyMatch(a -> key.permits(a.name())), name);
    }

    /** The public half as an IdP publishes it, read by the verifier's own JWKS parser. */
    private static VerificationKey published(KeyPair pair) throws Exception {
        String jwks = "{\"keys\":[" + Jwks.json(Jwks.builder().key(pair.getPublic()).idFromThumbprint().build()) + "]}";
        List<VerificationKey> keys = new KeySetParser().parse("https://idp.example", jwks, Instant.EPOCH,
                KeySourceListener.NONE).keys();
        assertEquals(1, keys.size(), jwks);
        return keys.get(0);
    }

    private static boolean jjwtSigns(KeyPair pair, JwsAlgorithm alg) {
        SignatureAlgorithm jjwt = (SignatureAlgorithm) Jwts.SIG.get().forKey(alg.name());
        try {
            Jwts.builder().subject("alice").signWith(pair.getPrivate(), jjwt).compact();
            return true;
        } catch (SecurityException e) {
            // InvalidKeyException, or SignatureException where the JCA refuses the key for the algorithm
            return false;
        }
    }
}
