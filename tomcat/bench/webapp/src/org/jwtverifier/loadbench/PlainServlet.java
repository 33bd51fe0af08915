package org.jwtverifier.loadbench;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Ceiling 1: what Tomcat alone costs per request. Answers 200 with the same small body as /verify. */
@WebServlet(urlPatterns = "/plain")
public class PlainServlet extends HttpServlet {
    private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/plain");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(OK.length);
        response.getOutputStream().write(OK);
    }
}
