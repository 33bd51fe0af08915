/**
 * OpenID Connect Back-Channel Logout 1.0: a logout token from an issuer's OpenID Provider, validated
 * ({@link org.jwtverifier.token.LogoutTokenVerifier}) and not seen before ({@link org.jwtverifier.logout.SeenTokenIds}),
 * revokes the session it names, or the subject when it names no session.
 */
package org.jwtverifier.logout;
