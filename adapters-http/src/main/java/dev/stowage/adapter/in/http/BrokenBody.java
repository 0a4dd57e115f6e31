package dev.stowage.adapter.in.http;

import dev.stowage.domain.error.InvalidInputException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/**
 * A request body that could not be read to its end: the client's fault, never the storage's. Jetty
 * reports a malformed chunked framing (a chunk size of {@code zz}, {@code -5} or past 2^63, a
 * missing last chunk followed by a close) as a bad message, a body shorter than its
 * {@code Content-Length} or a client that hung up as an early end of file, and a client that stops
 * sending as an idle timeout. All three are answered 400, the timeout 408, and logged at INFO: they
 * say nothing about the health of the storage, so they must not look like a storage failure in
 * statuses, logs or metrics.
 *
 * @param kind what went wrong
 */
record BrokenBody(Kind kind) {

    enum Kind {
        /** The framing itself is wrong: a bad chunk size or a chunk that does not end as announced. */
        MALFORMED,
        /** The body ended before its declared end: the client hung up or sent less than it declared. */
        INCOMPLETE,
        /** The client stopped sending and the connection's idle timeout ran out. */
        TIMED_OUT
    }

    /** What a failure to read the request body was, judged by its causes. */
    static BrokenBody of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return new BrokenBody(Kind.TIMED_OUT);
            }
            if (t instanceof HttpException && !endedEarly(t)) {
                return new BrokenBody(Kind.MALFORMED);
            }
        }
        return new BrokenBody(Kind.INCOMPLETE);
    }

    /**
     * Jetty reports the end of the connection inside a body as a bad message too, with the reason
     * "Early EOF"; what arrived before it was well-formed, so it is an incomplete body, not a
     * malformed one.
     */
    private static boolean endedEarly(Throwable t) {
        String message = t.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("early eof");
    }

    /** The broken body somewhere in {@code failure}'s causes, if a body read is what failed. */
    static Optional<BrokenBody> within(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Marker m) {
                return Optional.of(m.broken);
            }
        }
        return Optional.empty();
    }

    int status() {
        return kind == Kind.TIMED_OUT ? 408 : 400;
    }

    String detail() {
        return switch (kind) {
            case MALFORMED -> "the request body is malformed (its chunked framing could not be read); nothing of it was stored";
            case INCOMPLETE -> "the request body ended before its declared end; nothing of it was stored";
            case TIMED_OUT -> "the request body stopped arriving before it was complete; nothing of it was stored";
        };
    }

    /** The problem a client gets: INVALID_INPUT under 400, or under 408 for a timeout. */
    HttpProblemException problem() {
        return new HttpProblemException(status(), new InvalidInputException(detail()));
    }

    /**
     * The checked form, for code that reads through {@link java.io.InputStream}: it carries the
     * judgement through stores that wrap the read failure in a storage error of their own, so that
     * the HTTP layer can still tell the client's failure from the disk's.
     */
    IOException asIOException(Throwable cause) {
        return new Marker(this, cause);
    }

    private static final class Marker extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient BrokenBody broken;

        Marker(BrokenBody broken, Throwable cause) {
            super(broken.detail(), cause);
            this.broken = broken;
        }
    }
}
