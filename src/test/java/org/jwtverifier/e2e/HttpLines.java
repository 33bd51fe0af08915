package org.jwtverifier.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of an HTTP/1.1 head byte by byte, so that nothing past the head is consumed and the bytes are
 * seen exactly as they were sent (RFC 9112 section 2.2: lines end in CRLF; a bare CR is dropped here, not
 * rejected, because these readers record what a peer sent rather than judge it).
 */
final class HttpLines {
    /** What the caller makes of a stream that ends before the line's LF. */
    @FunctionalInterface
    interface AtEndOfStream {
        /** @param partial the bytes of the unfinished line, empty if none */
        String line(String partial) throws IOException;
    }

    private HttpLines() {
    }

    /** The next line without its CR and LF, as ISO-8859-1 (one char per byte). */
    static String read(InputStream in, AtEndOfStream atEnd) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return atEnd.line(b.toString(StandardCharsets.ISO_8859_1));
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
