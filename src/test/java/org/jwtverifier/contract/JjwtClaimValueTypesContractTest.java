package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.TestKeys;
import org.jwtverifier.token.CompactToken;

/**
 * What JJWT 0.13's parser, with the verifier's JSON deserializer, hands over as claim values. Identity headers
 * pick their render form by these Java types ({@code policy.IdentityHeaders}), so an upgrade that changes them
 * must fail here first. The payloads are signed as raw bytes: JJWT's builder cleans some values before they are
 * ever signed, and the parser must be seen with what an IdP may really send.
 */
class JjwtClaimValueTypesContractTest {

    @Test
    void parseWhenCustomClaimsHoldEachJsonTypeThenPlainJavaTypes() {
        Claims claims = parse("""
                {"s":" x ","e":"","w":"   ","i":1,"l":9007199254740993,"big":123456789012345678901234567890,
                 "d":1.5,"huge":1e400,"b":true,"a":[1,"x"],"o":{"k":"v"},"n":null}""");
        assertEquals(" x ", claims.get("s"), "strings are not trimmed");
        assertEquals("", claims.get("e"));
        assertEquals("   ", claims.get("w"));
        assertEquals(1, claims.get("i"));
        assertEquals(9007199254740993L, claims.get("l"));
        assertEquals(new BigInteger("123456789012345678901234567890"), claims.get("big"));
        assertEquals(1.5, claims.get("d"));
        assertEquals(Double.POSITIVE_INFINITY, claims.get("huge"), "a number beyond double becomes infinity");
        assertEquals(Boolean.TRUE, claims.get("b"));
        assertInstanceOf(List.class, claims.get("a"));
        assertEquals(List.of(1, "x"), claims.get("a"));
        assertInstanceOf(Map.class, claims.get("o"));
        assertEquals(Map.of("k", "v"), claims.get("o"));
        assertFalse(claims.containsKey("n"), "a null claim is absent");
    }

    @Test
    void parseWhenSubjectHasWhitespaceThenKeptAsSentUnlessBlankWhichIsAbsent() {
        assertEquals(" victim ", parse("{\"sub\":\" victim \"}").get("sub"));
        assertFalse(parse("{\"sub\":\"   \"}").containsKey("sub"));
        assertFalse(parse("{\"sub\":\"\"}").containsKey("sub"));
    }

    @Test
    void parseWhenSubjectIsNotAStringThenTheTokenIsRejected() {
        assertThrows(MalformedJwtException.class, () -> parse("{\"sub\":1234}"));
        assertThrows(MalformedJwtException.class, () -> parse("{\"sub\":[\"alice\"]}"));
        assertThrows(MalformedJwtException.class, () -> parse("{\"sub\":{\"id\":\"alice\"}}"));
    }

    @Test
    void parseWhenAudienceIsAStringThenASetOfIt() {
        assertEquals(java.util.Set.of("api"), parse("{\"aud\":\"api\"}").get("aud"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Claims parse(String payload) {
        String token = Jwts.builder().header().keyId(TestKeys.RSA.kid()).and()
                .content(payload.getBytes(StandardCharsets.UTF_8)).signWith(TestKeys.RSA.privateKey()).compact();
        return Jwts.parser().verifyWith(TestKeys.RSA.publicKey())
                .json(new JacksonDeserializer(CompactToken.STRICT_JSON)).build()
                .parseSignedClaims(token).getPayload();
    }
}
