package dev.stowage.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 spoken over a raw socket, for tests that must control the bytes on the wire: requests
 * no well-behaved client sends (a malformed chunk size, a body shorter than its
 * {@code Content-Length}, a client that hangs up mid-body) and exchanges whose order matters
 * ({@code Expect: 100-continue}).
 */
public final class RawHttp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");
    /** A status line: at the start of the answer or right after the end of an earlier answer's head. */
    private static final Pattern STATUS_LINE = Pattern.compile("(?:^|\r\n)HTTP/1\\.[01] (\\d{3}) ");
    /** How long a read waits for the server before the answer so far counts as all of it. */
    private static final int QUIET_MILLIS = 5_000;

    private RawHttp() {
    }

    /**
     * Sends {@code request} as it is, then, with {@code hangUp}, closes the sending half of the
     * connection (the server sees the end of the body there), and returns everything the server
     * answers until it closes the connection, completes a final answer, or goes quiet.
     */
    public static String exchange(int port, String request, boolean hangUp) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(QUIET_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (hangUp) {
                socket.shutdownOutput();
            }
            return readAll(socket.getInputStream());
        }
    }

    /** The status code of the last answer in {@code response}, or -1 when there is none. */
    public static int status(String response) {
        int start = lastStatusLine(response);
        return start < 0 ? -1 : Integer.parseInt(response.substring(start + 9, start + 12));
    }

    /** Where the last status line starts, or -1; text in a body that merely mentions HTTP/1.1 is not one. */
    private static int lastStatusLine(String text) {
        Matcher m = STATUS_LINE.matcher(text);
        int at = -1;
        while (m.find()) {
            at = m.start(1) - 9;
        }
        return at;
    }

    /** Everything until the server closes the connection, completes a final answer, or goes quiet. */
    public static String readAll(InputStream in) throws IOException {
        var got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                got.write(buffer, 0, n);
                if (complete(got.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // a kept-alive connection: what came is the answer
        } catch (IOException reset) {
            // the server reset the connection after answering: what came is the answer
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** True once a final (non-1xx) response and its whole body, by Content-Length, have arrived. */
    public static boolean complete(String text) {
        int start = lastStatusLine(text);
        if (start < 0 || text.charAt(start + 9) == '1') {
            return false;
        }
        int end = text.indexOf("\r\n\r\n", start);
        if (end < 0) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(start, end));
        return !length.find() || text.length() - (end + 4) >= Integer.parseInt(length.group(1));
    }

    /** Reads until {@code marker} has arrived (or the stream ends) and returns what came. */
    public static String readUntil(InputStream in, String marker) throws IOException {
        var got = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            got.write(b);
            if (got.toString(StandardCharsets.UTF_8).contains(marker)) {
                break;
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
