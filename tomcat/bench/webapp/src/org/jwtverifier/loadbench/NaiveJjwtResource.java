package org.jwtverifier.loadbench;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The naive baseline: what a developer writes first. One JJWT parser with a fixed RSA public key (no JWKS, no
 * rotation, no cache), checking the same issuer, audience and expiry as the verifier. System properties
 * {@code bench.rsaPublicKey} (PEM file), {@code bench.issuer} and {@code bench.audience} configure it.
 */
@Path("naive")
public class NaiveJjwtResource {
    private static final JwtParser PARSER = Jwts.parser()
            .verifyWith(publicKey(System.getProperty("bench.rsaPublicKey")))
            .requireIssuer(System.getProperty("bench.issuer"))
            .requireAudience(System.getProperty("bench.audience"))
            .build();

    @GET
    public Response get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).header("WWW-Authenticate", "Bearer").build();
        }
        try {
            Claims claims = PARSER.parseSignedClaims(authorization.substring(7)).getPayload();
            return Response.ok("OK\n", MediaType.TEXT_PLAIN_TYPE).header("Cache-Control", "no-store")
                    .header("X-User-Id", claims.getSubject())
                    .header("X-User-Email", claims.get("email", String.class)).build();
        } catch (JwtException | IllegalArgumentException e) {
            return Response.status(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        }
    }

    private static PublicKey publicKey(String pemFile) {
        try {
            String pem = Files.readString(java.nio.file.Path.of(pemFile)).replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
