package dev.stowage.adapter.in.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads server-sent events the way a browser's stream reader would: line by line, blank line ends one. */
final class EventReader {
    /** One event: its fields (id, event, data), or a comment when {@code comment} is set. */
    record Sse(Map<String, String> fields, String comment) {
        String event() {
            return fields.get("event");
        }

        String data() {
            return fields.get("data");
        }

        String id() {
            return fields.get("id");
        }
    }

    private final InputStream in;

    EventReader(InputStream in) {
        this.in = in;
    }

    /** The text of the stream up to the end of its {@code count}-th event with data. */
    static String read(InputStream in, int count) throws IOException {
        var text = new StringBuilder();
        var reader = new EventReader(in);
        int seen = 0;
        while (seen < count) {
            Sse e = reader.next();
            if (e == null) {
                break;
            }
            text.append(e).append('\n');
            if (e.data() != null) {
                seen++;
            }
        }
        return text.toString();
    }

    /** The next event or comment block; null at the end of the stream. */
    Sse next() throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String comment = null;
        while (true) {
            String line = line();
            if (line == null) {
                return fields.isEmpty() && comment == null ? null : new Sse(fields, comment);
            }
            if (line.isEmpty()) {
                if (!fields.isEmpty() || comment != null) {
                    return new Sse(fields, comment);
                }
                continue;
            }
            if (line.startsWith(":")) {
                comment = line.substring(1).strip();
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            fields.merge(name, value, (a, b) -> a + "\n" + b);
        }
    }

    /** Events until one of {@code kind} arrives: it, and those before it. */
    List<Sse> until(String kind) throws IOException {
        var out = new ArrayList<Sse>();
        while (true) {
            Sse e = next();
            if (e == null) {
                throw new IOException("the stream ended before a '" + kind + "' event");
            }
            out.add(e);
            if (kind.equals(e.event())) {
                return out;
            }
        }
    }

    private String line() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }
}
