package dev.stowage.adapter.out.s3;

import dev.stowage.domain.common.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and digests the caller's bytes on their way to the S3 client, and stops the upload when it
 * passes the limit. The client sees only IOExceptions (which make it abort a multipart upload);
 * why it stopped is kept here, so the store can report the caller's problem, not a network one.
 * Never closes the caller's stream.
 */
final class DigestingStream extends InputStream {
    private final InputStream source;
    private final long maxBytes;
    private final MessageDigest md;
    private long count;
    private boolean tooLarge;
    private IOException sourceFailure;

    DigestingStream(InputStream source, long maxBytes) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.md = Sha256.newDigest();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (tooLarge) {
            throw new IOException("blob passed its size limit");
        }
        int n;
        try {
            n = source.read(b, off, len);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (n > 0) {
            count += n;
            if (count > maxBytes) {
                tooLarge = true;
                throw new IOException("blob passed its size limit of " + maxBytes + " bytes");
            }
            md.update(b, off, n);
        }
        return n;
    }

    @Override
    public void close() {
        // the caller owns the source stream
    }

    long count() {
        return count;
    }

    byte[] digest() {
        return md.digest();
    }

    boolean tooLarge() {
        return tooLarge;
    }

    IOException sourceFailure() {
        return sourceFailure;
    }
}
