package org.jwtverifier.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import java.util.Optional;
import org.jwtverifier.verdict.Reason;

/**
 * A token must declare itself a JWT access token: RFC 9068 §2.1 header {@code typ: at+jwt}, or the full media
 * type {@code application/at+jwt} (RFC 7515 §4.1.9 recommends leaving the prefix out), compared case-insensitively as
 * media types are (RFC 9068 §4). Keeps an ID token, or any other JWT of the same issuer, from passing for one.
 */
public final class AccessTokenTypeValidator implements TokenValidator {
    @Override
    public Optional<Reason> validate(JwsHeader header, Claims claims) {
        String typ = header.getType();
        boolean accessToken = "at+jwt".equalsIgnoreCase(typ) || "application/at+jwt".equalsIgnoreCase(typ);
        return accessToken ? Optional.empty() : Optional.of(Reason.WRONG_TOKEN_TYPE);
    }
}
