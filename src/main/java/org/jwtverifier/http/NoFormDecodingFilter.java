package org.jwtverifier.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * Hands the application a request without a content type and without servlet parameters. The verifier reads no
 * body and no parameters (only headers and the raw {@link HttpServletRequest#getQueryString()}), but Jersey's
 * servlet container, for any request declaring {@code Content-Type: application/x-www-form-urlencoded} without a
 * body, decodes the query itself (a malformed percent-escape then fails the request with 500), asks the container
 * for the parameters (Tomcat 11 logs a query it cannot parse at SEVERE, with its content) and logs a WARNING
 * naming the whole request URI, a query token included. Without a content type none of that runs.
 *
 * <p>The one endpoint that reads a body, {@code /backchannel-logout}, reads it itself, as bytes, and finds the
 * content type the request declared in the request attribute {@link #DECLARED_CONTENT_TYPE}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class NoFormDecodingFilter implements Filter {
    private static final String CONTENT_TYPE = "Content-Type";
    /** The request attribute holding the {@code Content-Type} the request declared (only when it declared one). */
    public static final String DECLARED_CONTENT_TYPE = NoFormDecodingFilter.class.getName() + ".contentType";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Forward-auth requests rarely carry a content type: those pass unwrapped, at no cost.
        if (request instanceof HttpServletRequest http && http.getHeader(CONTENT_TYPE) != null) {
            request.setAttribute(DECLARED_CONTENT_TYPE, http.getHeader(CONTENT_TYPE));
            chain.doFilter(new HeadersAndQueryOnly(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The request as it is, except that it has no content type and no parameters. */
    private static final class HeadersAndQueryOnly extends HttpServletRequestWrapper {
        HeadersAndQueryOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public String getHeader(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !CONTENT_TYPE.equalsIgnoreCase(name)).toList());
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}
