package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body opened on its first read, not before. The server answers a client's
 * {@code Expect: 100-continue} when the body is opened, so a lazy body lets every check that needs
 * no bytes (sign-in, the declared size against the limit and the quota, the version in
 * {@code If-Match}, the upload offset) refuse the request first: the client then gets its 4xx
 * without sending the body at all, instead of a 100 followed by a refusal and a closed connection
 * in the middle of its upload.
 */
final class LazyBody extends InputStream {
    private final Context ctx;
    private InputStream body;
    private boolean closed;

    private LazyBody(Context ctx) {
        this.ctx = ctx;
    }

    /** The request body of {@code ctx}, opened when first read. */
    static InputStream of(Context ctx) {
        return new LazyBody(ctx);
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
        return body().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0; // asks for nothing: no reason to open the body (and send 100 Continue)
        }
        return body().read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return body().skip(n);
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
