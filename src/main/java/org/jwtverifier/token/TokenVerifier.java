package org.jwtverifier.token;

/** Verifies bearer tokens: signature, issuer, times and type. What a route requires is checked afterwards. */
public interface TokenVerifier {

    /**
     * @param token a compact JWS, already bounded in size by the caller
     * @return the verdict; never throws for a bad token
     */
    Verification verify(String token);
}
