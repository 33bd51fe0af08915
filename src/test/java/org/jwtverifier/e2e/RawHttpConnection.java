package org.jwtverifier.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One TCP connection speaking HTTP/1.1 byte for byte: the request goes out exactly as given (no header added or
 * dropped, as a proxy's client would send it), and several requests can be sent in turn over the same connection,
 * the way a proxy's connection pool reuses it.
 */
public final class RawHttpConnection implements AutoCloseable {

    /** A response as read off the wire; header names compared case-insensitively. */
    public record Response(int status, String statusLine, List<Map.Entry<String, String>> headers, byte[] body) {

        public List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    out.add(h.getValue());
                }
            }
            return out;
        }

        public String first(String name) {
            List<String> v = all(name);
            return v.isEmpty() ? null : v.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The server said it closes the connection after this response. */
        public boolean announcesClose() {
            return all("Connection").stream().anyMatch(v -> v.toLowerCase().contains("close"));
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " body=" + bodyText();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int exchanges;

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawHttpConnection open(String host, int port) {
        return open(host, port, null);
    }

    /**
     * A connection from the local address {@code localAddress} (null: any), e.g. 127.0.0.2, which reaches a
     * server on 127.0.0.1 over loopback but is a different peer to it.
     */
    public static RawHttpConnection open(String host, int port, String localAddress) {
        try {
            Socket s = new Socket();
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, 0));
            }
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(20_000);
            s.setTcpNoDelay(true);
            return new RawHttpConnection(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** The local port identifies the connection: the same port means the same TCP connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public int exchanges() {
        return exchanges;
    }

    /** Sends {@code METHOD target HTTP/1.1}, the headers in order, an empty line, and reads one response. */
    public Response exchange(String method, String target, List<Map.Entry<String, String>> headers) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response r = read("HEAD".equals(method));
            exchanges++;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("exchange #" + (exchanges + 1) + " on local port " + localPort() + " failed", e);
        }
    }

    /**
     * Sends {@code request} byte for byte (request line, headers, body: whatever it holds) and reads one response;
     * {@code head} says whether the response to it has no body (a HEAD request).
     */
    public Response exchangeBytes(byte[] request, boolean head) {
        try {
            out.write(request);
            out.flush();
            Response r = read(head);
            exchanges++;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("exchange #" + (exchanges + 1) + " on local port " + localPort() + " failed", e);
        }
    }

    /** Sends {@code bytes} without reading anything: the start of a request whose rest follows later. */
    public void sendPart(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("sending on local port " + localPort() + " failed", e);
        }
    }

    /** Reads one response to what {@link #sendPart} sent. */
    public Response readResponse(boolean head) {
        try {
            Response r = read(head);
            exchanges++;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a response on local port " + localPort() + " failed", e);
        }
    }

    /** True when the peer has closed its side: reading returns end of stream within {@code millis}. */
    public boolean closedByPeer(int millis) {
        try {
            socket.setSoTimeout(millis);
            int b = in.read();
            if (b >= 0) {
                throw new IllegalStateException("unexpected byte after a response: " + b);
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(20_000);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private Response read(boolean head) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String l;
        while (!(l = line()).isEmpty()) {
            int colon = l.indexOf(':');
            headers.add(Map.entry(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
        }
        Response partial = new Response(status, statusLine, headers, new byte[0]);
        byte[] body;
        String te = partial.first("Transfer-Encoding");
        String cl = partial.first("Content-Length");
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase().contains("chunked")) {
            body = chunked();
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl.trim()));
        } else {
            body = in.readAllBytes(); // delimited by the end of the connection
        }
        return new Response(status, statusLine, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        return HttpLines.read(in, partial -> {
            throw new EOFException("connection closed by the server after " + exchanges + " exchange(s)");
        });
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
