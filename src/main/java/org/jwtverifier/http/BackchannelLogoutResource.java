package org.jwtverifier.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jwtverifier.json.Jackson;
import org.jwtverifier.logout.BackchannelLogout;
import org.jwtverifier.runtime.AssemblyLease;
import org.jwtverifier.runtime.RuntimeStoppedException;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * {@code POST /backchannel-logout}: OpenID Connect Back-Channel Logout 1.0 §2.5, the logout token in the form
 * field {@code logout_token} of an {@code application/x-www-form-urlencoded} body. 200 when the session (or
 * subject) is revoked; 400 with {@code {"error":"invalid_request","error_description":...}} otherwise (§2.8),
 * never a 500; {@code Cache-Control: no-store} on both.
 *
 * <p>The body is read here, as bytes, bounded, and decoded strictly (UTF-8, percent-escapes checked): the
 * container's and Jersey's form decoding stay off ({@link NoFormDecodingFilter}), so a broken body is a 400
 * and no part of it reaches a log.
 */
@Path("backchannel-logout")
public class BackchannelLogoutResource {
    private static final ObjectMapper JSON = Jackson.json();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FIELD = "logout_token";
    /** Room for the field name and the percent-encoding around a token of {@code maxTokenBytes}. */
    private static final int FORM_OVERHEAD = 1024;

    @Context
    private ServletContext servletContext;

    @Context
    private HttpServletRequest request;

    @POST
    public Response logout(InputStream body) {
        VerifierRuntime runtime = VerifierRuntime.from(servletContext);
        BackchannelLogout logout = BackchannelLogout.from(servletContext);
        if (runtime == null || logout == null) {
            return VerifyResponses.unavailable(org.jwtverifier.verdict.Unavailability.STOPPING);
        }
        try (AssemblyLease lease = runtime.enter()) {
            String contentType = (String) request.getAttribute(NoFormDecodingFilter.DECLARED_CONTENT_TYPE);
            if (contentType == null || !FORM.equals(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
                return refused("The request must be " + FORM);
            }
            String token;
            try {
                token = logoutToken(body, lease.assembly().config().maxTokenBytes() * 3 + FORM_OVERHEAD);
            } catch (IllegalArgumentException e) {
                return refused(e.getMessage());
            }
            String failed = logout.logout(token, lease.assembly());
            return failed == null
                    ? Response.ok().header("Cache-Control", "no-store").build()
                    : refused(failed);
        } catch (RuntimeStoppedException e) {
            return VerifyResponses.unavailable(org.jwtverifier.verdict.Unavailability.STOPPING);
        }
    }

    /** The one {@code logout_token} of the form, percent-decoded. */
    static String logoutToken(InputStream body, int maxBytes) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("The request body could not be read");
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("The request body is too large");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The request body is not UTF-8");
        }
        String token = null;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (FIELD.equals(name)) {
                if (token != null) {
                    throw new IllegalArgumentException("More than one " + FIELD);
                }
                token = eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("The form has no " + FIELD);
        }
        return token;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The form is not validly percent-encoded");
        }
    }

    private static Response refused(String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "invalid_request");
        body.put("error_description", description);
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .entity(Jackson.write(JSON, body)).build();
    }
}
