package org.jwtverifier.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the verifier that reads requests off the socket byte for byte, so it also sees bytes a proxy sends
 * without announcing them (a body after a request without {@code Content-Length}): those count as body here. It
 * answers every request with 200 and fixed identity headers, and records what it received.
 */
public final class RawAuthStub implements AutoCloseable {

    /** How long to wait for unannounced bytes after a request's head. */
    private static final int TRAILING_BYTES_WAIT_MILLIS = 300;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<RecordingServer.Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, String> replyHeaders;
    private final String statusLine;

    private RawAuthStub(String statusLine, Map<String, String> replyHeaders) {
        this.statusLine = statusLine;
        this.replyHeaders = replyHeaders;
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "raw-auth-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers 200 with these headers. */
    public static RawAuthStub start(Map<String, String> replyHeaders) {
        return new RawAuthStub("HTTP/1.1 200 OK", replyHeaders);
    }

    /** Answers 404 to everything, as a Tomcat does whose jwt-verifier deployment failed. */
    public static RawAuthStub notDeployed() {
        return new RawAuthStub("HTTP/1.1 404 Not Found", Map.of());
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public void clear() {
        received.clear();
    }

    /** How many requests arrived since the last {@link #clear()}. */
    public int count() {
        return received.size();
    }

    public RecordingServer.Received only() {
        List<RecordingServer.Received> all = new ArrayList<>(received);
        if (all.size() != 1) {
            throw new AssertionError("auth stand-in expected exactly one request, received " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "raw-auth-stub-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                socket.setSoTimeout(0);
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                String l;
                while ((l = line(in)) != null && !l.isEmpty()) {
                    int colon = l.indexOf(':');
                    headers.computeIfAbsent(l.substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(l.substring(colon + 1).trim());
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                List<String> length = headers.get("Content-Length");
                if (length != null) {
                    body.write(in.readNBytes(Integer.parseInt(length.get(0))));
                }
                List<String> te = headers.get("Transfer-Encoding");
                boolean chunked = te != null && te.toString().toLowerCase().contains("chunked");
                // Whatever else arrives before we answer was sent without being announced (or chunked): body too.
                socket.setSoTimeout(TRAILING_BYTES_WAIT_MILLIS);
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        body.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing more
                }
                String[] parts = requestLine.split(" ");
                Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
                received.add(new RecordingServer.Received(parts[0], parts.length > 1 ? parts[1] : "",
                        Collections.unmodifiableMap(frozen), body.toByteArray()));
                StringBuilder reply = new StringBuilder(statusLine + "\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n");
                replyHeaders.forEach((k, v) -> reply.append(k).append(": ").append(v).append("\r\n"));
                reply.append("\r\nOK\n");
                out.write(reply.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (body.size() > 0 && (length == null || chunked)) {
                    return; // the connection's framing is lost
                }
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    /** The next line; at the end of the stream what was read of it, or null if nothing was. */
    private static String line(InputStream in) throws IOException {
        return HttpLines.read(in, partial -> partial.isEmpty() ? null : partial);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
