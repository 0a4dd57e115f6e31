package dev.stowage.adapter.out.images;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Writes PNG files row by row (8-bit RGB, no filter), so a huge image never exists in memory. */
final class Pngs {
    private Pngs() {
    }

    /** Pixel source: the RGB of row {@code y}, into {@code row} (3 bytes per pixel). */
    interface Rows {
        void fill(int y, byte[] row);
    }

    static void write(OutputStream out, int width, int height, Rows rows) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(data, "IHDR", header(width, height));
        // IDAT chunks are written as the compressor fills a buffer, so memory stays at one row and one chunk
        OutputStream idat = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                pending.write(b, off, len);
                if (pending.size() >= 1 << 16) {
                    flush();
                }
            }

            @Override
            public void flush() throws IOException {
                if (pending.size() > 0) {
                    chunk(data, "IDAT", pending.toByteArray());
                    pending.reset();
                }
            }
        };
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16) {
            @Override
            public void close() throws IOException {
                finish();
                idat.flush();
            }
        }) {
            byte[] row = new byte[width * 3];
            for (int y = 0; y < height; y++) {
                rows.fill(y, row);
                z.write(0); // filter type: none
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        chunk(data, "IEND", new byte[0]);
        data.flush();
    }

    /** A PNG whose header declares {@code width} × {@code height} but whose data is one tiny stream. */
    static byte[] bomb(int width, int height) throws IOException {
        var out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(data, "IHDR", header(width, height));
        var z = new ByteArrayOutputStream();
        try (var d = new DeflaterOutputStream(z)) {
            d.write(new byte[4096]); // all zero: compresses to a few bytes, would inflate to far less than declared
        }
        chunk(data, "IDAT", z.toByteArray());
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] header(int width, int height) throws IOException {
        var ihdr = new ByteArrayOutputStream();
        var h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filtering, no interlace
        return ihdr.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
