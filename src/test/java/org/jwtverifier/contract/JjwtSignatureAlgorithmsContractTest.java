package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jwtverifier.config.JwsAlgorithm;

/**
 * The configuration allows algorithms from the {@link JwsAlgorithm} table and hands their names to JJWT: JJWT's
 * {@code Jwts.SIG} registry must know each by exactly that name, as the kind the table says (HMAC or signature),
 * and no other but {@code none} (RFC 7518 §3.6), which the table leaves out so that no configuration can allow it
 * (RFC 8725 §3.2). An upgrade that adds, renames or drops one fails here until the table follows.
 */
class JjwtSignatureAlgorithmsContractTest {

    @Test
    void jjwtRegistryHoldsExactlyTheTablesAlgorithmsAndNoneUnderTheirJwsNames() {
        Set<String> expected = Stream.of(JwsAlgorithm.values()).map(Enum::name)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add(Jwts.SIG.NONE.getId());
        assertEquals("none", Jwts.SIG.NONE.getId());
        assertEquals(expected, new TreeSet<>(Jwts.SIG.get().keySet()));
        assertTrue(JwsAlgorithm.named("none").isEmpty());
    }

    @Test
    void jjwtKindOfEachAlgorithmIsTheTables() {
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            Object jjwt = Jwts.SIG.get().forKey(alg.name());
            assertTrue(alg.isHmac() ? jjwt instanceof MacAlgorithm : jjwt instanceof SignatureAlgorithm, alg.name());
        }
    }
}
