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
 * Keeps the container from parsing request parameters: the verifier reads the raw query string only
 * ({@link HttpServletRequest#getQueryString()}), so it never needs them, and parsing them is how a token in the
 * query reached the logs. Jersey's servlet container, for any request declaring
 * {@code Content-Type: application/x-www-form-urlencoded} without a body, asks the container for the parameters
 * and then logs a WARNING naming the whole request URI, query and token included; Tomcat 11 logs a query it
 * cannot decode at SEVERE with its content. With no parameters, neither happens.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class NoParameterParsingFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            chain.doFilter(new WithoutParameters(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The request as it is, except that it has no parameters. */
    private static final class WithoutParameters extends HttpServletRequestWrapper {
        WithoutParameters(HttpServletRequest request) {
            super(request);
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
