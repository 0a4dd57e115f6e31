package dev.stowage.bootstrap.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Reads an exported archive's entries and writes them back changed: the makings of hostile archives. */
final class TarEntries {
    private TarEntries() {
    }

    /** {@code archive}'s entries, changed by {@code change}, written back as a tar stream. */
    static byte[] rebuild(byte[] archive, Consumer<List<Entry>> change) throws IOException {
        List<Entry> entries = entries(archive);
        change.accept(entries);
        var out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.write(e.header());
            out.write(e.content);
            out.write(new byte[(512 - e.content.length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    /** The entries of a plain ustar archive, in order. */
    static List<Entry> entries(byte[] tar) throws IOException {
        var entries = new ArrayList<Entry>();
        InputStream in = new ByteArrayInputStream(tar);
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512 || h[0] == 0) {
                return entries;
            }
            int end = 0;
            while (end < 100 && h[end] != 0) {
                end++;
            }
            String name = new String(h, 0, end, StandardCharsets.US_ASCII);
            long size = Long.parseLong(new String(h, 124, 11, StandardCharsets.US_ASCII), 8);
            byte[] content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            entries.add(new Entry(name, (char) h[156], content));
        }
    }

    /** A tar entry that may lie about its size. */
    static final class Entry {
        String name;
        final char type;
        byte[] content;
        long claimed = -1;

        Entry(String name, char type, byte[] content) {
            this.name = name;
            this.type = type;
            this.content = content;
        }

        Entry copy() {
            return new Entry(name, type, content.clone());
        }

        byte[] header() {
            byte[] h = new byte[512];
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", claimed >= 0 ? claimed : content.length));
            put(h, 136, String.format("%011o", 0));
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = (byte) type;
            if (type == '2' || type == '1') {
                put(h, 157, "/etc/passwd");
            }
            put(h, 257, "ustar");
            h[263] = '0';
            h[264] = '0';
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            h[155] = ' ';
            return h;
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, off, b.length);
        }
    }
}
