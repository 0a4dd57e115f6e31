package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;

/**
 * A request body opened on its first read, not before. The server answers a client's
 * {@code Expect: 100-continue} when the body is opened, so a lazy body lets every check that needs
 * no bytes (sign-in, the declared size against the limit and the quota, the version in
 * {@code If-Match}, the upload offset) refuse the request first: the client then gets its 4xx
 * without sending the body at all, instead of a 100 followed by a refusal and a closed connection
 * in the middle of its upload.
 *
 * <p>A read that fails because of the client (see {@link BrokenBody}) throws an {@link IOException}
 * that carries that judgement through whatever wraps it, and is remembered in {@link #broken()}.
 * With {@code refuseMalformed}, a malformed framing (and any failure of a chunked body, which
 * Jetty cannot always tell from a malformed one) is thrown unchecked instead, as the 400 it is, so
 * that a store which keeps what a vanished client sent (a resumable upload does) keeps nothing of
 * a body that may not be well-formed.
 */
final class LazyBody extends InputStream {
    private final Context ctx;
    private final boolean refuseMalformed;
    private InputStream body;
    private boolean closed;
    private BrokenBody broken;

    private LazyBody(Context ctx, boolean refuseMalformed) {
        this.ctx = ctx;
        this.refuseMalformed = refuseMalformed;
    }

    /** The request body of {@code ctx}, opened when first read. */
    static LazyBody of(Context ctx) {
        return new LazyBody(ctx, false);
    }

    /** The same, throwing a malformed framing as a 400 rather than as a read failure. */
    static LazyBody refusingMalformed(Context ctx) {
        return new LazyBody(ctx, true);
    }

    /** How the body broke, if a read of it failed. */
    Optional<BrokenBody> broken() {
        return Optional.ofNullable(broken);
    }

    private IOException failed(Exception e) {
        broken = BrokenBody.of(e);
        // Jetty reports a chunked body that goes wrong after a good chunk as an early end, just as
        // a hang-up: a chunked body that broke cannot be told from a malformed one, so it is
        // refused whole. A body of declared length that ends early is only ever cut short.
        boolean chunked = ctx.req().getContentLengthLong() < 0;
        if (refuseMalformed && (broken.kind() == BrokenBody.Kind.MALFORMED || chunked)) {
            throw broken.problem();
        }
        return broken.asIOException(e);
    }

    private InputStream body() throws IOException {
        if (closed) {
            throw new IOException("the request body was closed");
        }
        if (body == null) {
            body = ctx.req().getInputStream();
        }
        return body;
    }

    @Override
    public int read() throws IOException {
        try {
            return body().read();
        } catch (IOException | HttpException.RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0; // asks for nothing: no reason to open the body (and send 100 Continue)
        }
        try {
            return body().read(b, off, len);
        } catch (IOException | HttpException.RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return body().skip(n);
        } catch (IOException | HttpException.RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public int available() throws IOException {
        return body == null ? 0 : body.available();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (body != null) {
            body.close();
        }
    }
}
