package org.jwtverifier.jwks;

import org.jwtverifier.testsupport.TestKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySetParserTest {
    private final KeySetParser parser = new KeySetParser();
    private final List<String> skipped = new ArrayList<>();
    private final KeySourceListener listener = new KeySourceListener() {
        @Override
        public void keySkipped(String issuer, String kid, String reason) {
            skipped.add(kid + ": " + reason);
        }
    };

    @Test
    void parseWhenSomeKeysAreUnusableThenTheOthersAreKeptAndTheBadOnesCounted() throws Exception {
        String jwks = TestKeys.jwks(List.of(TestKeys.RSA, TestKeys.EC),
                "{\"kty\":\"RSA\",\"kid\":\"broken\",\"n\":\"!!!\",\"e\":\"AQAB\"}",
                "{\"kty\":\"XYZ\",\"kid\":\"alien\"}",
                "{\"kty\":\"oct\",\"kid\":\"secret\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}",
                TestKeys.ED.publicJwkJson().replace("\"use\":\"sig\"", "\"use\":\"enc\"").replace("ed-1", "enc-key"),
                "42");
        KeySet keys = parser.parse("idp", jwks, Instant.EPOCH, listener);
        assertEquals(List.of("rsa-1", "ec-1"), keys.keyIds());
        assertEquals(5, keys.skipped());
        assertEquals(5, skipped.size(), skipped.toString());
    }

    @Test
    void parseWhenPrivateKeyMaterialPublishedThenSkipped() throws Exception {
        String withD = TestKeys.EC.publicJwkJson().replace("}", ",\"d\":\"AAAA\"}");
        KeySet keys = parser.parse("idp", "{\"keys\":[" + withD + "]}", Instant.EPOCH, listener);
        assertEquals(0, keys.keys().size());
        assertEquals(1, keys.skipped());
    }

    @Test
    void parseWhenNotAJwksThenFailure() {
        assertThrows(KeySourceException.class, () -> parser.parse("idp", "<html>", Instant.EPOCH, listener));
        assertThrows(KeySourceException.class, () -> parser.parse("idp", "{\"keys\":{}}", Instant.EPOCH, listener));
        assertThrows(KeySourceException.class, () -> parser.parse("idp", "[]", Instant.EPOCH, listener));
    }
}
