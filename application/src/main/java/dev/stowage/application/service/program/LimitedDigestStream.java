package dev.stowage.application.service.program;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.TooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Counts and digests the bytes read through it and refuses to pass more than a limit, so a dry run
 * checks an image's size and digest the way the blob store would, without storing it.
 */
final class LimitedDigestStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private long count;

    LimitedDigestStream(InputStream in, long limit, String what) {
        super(new DigestInputStream(in, newDigest()));
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes would escape the count and the digest; read them instead
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private void counted(int n) {
        count += n;
        if (count > limit) {
            throw new TooLargeException(what, limit);
        }
    }

    long count() {
        return count;
    }

    Sha256 sha256() {
        return Sha256.of(((DigestInputStream) in).getMessageDigest().digest());
    }

    private static MessageDigest newDigest() {
        return Sha256.newDigest();
    }
}
