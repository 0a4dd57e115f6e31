package dev.stowage.adapter.in.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowage.application.port.in.legacy.LegacyEntry;
import dev.stowage.application.port.in.legacy.QueueStateSource;
import dev.stowage.domain.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A queue state file read in two passes. {@link #open} goes through the whole file once: it checks
 * the JSON, copies the members other than {@code jobs} (small) and measures each job entry by the
 * offsets of its first and next tokens, skipping its contents unread. {@link #forEachJob} then reads
 * the file again and copies one entry at a time, skipping unread those the first pass found too
 * large. A file changed between the passes is caught by the parser or by the count.
 */
final class QueueStateFile implements QueueStateSource {
    private static final String JOBS = "jobs";

    private final Path file;
    private final JsonFactory json;
    private final int maxEntryChars;
    private final String header;
    private final int jobCount;
    /** Entries over the limit, by index, with their size. */
    private final Map<Integer, Long> tooLarge;

    private QueueStateFile(Path file, JsonFactory json, int maxEntryChars, String header, int jobCount,
                           Map<Integer, Long> tooLarge) {
        this.file = file;
        this.json = json;
        this.maxEntryChars = maxEntryChars;
        this.header = header;
        this.jobCount = jobCount;
        this.tooLarge = tooLarge;
    }

    static QueueStateFile open(Path file, JsonFactory json, int maxEntryChars) {
        String name = file.toString();
        try (JsonParser p = parser(json, file)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidInputException(name + " is empty; a queue state file is one JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw JsonErrors.invalid(name, "is not a JSON object (it starts with " + describe(first) + ")",
                        p.currentTokenLocation());
            }
            var header = new BoundedJson(json, maxEntryChars);
            header.generator().writeStartObject();
            int jobs = -1;
            var tooLarge = new TreeMap<Integer, Long>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                if (!member.equals(JOBS)) {
                    header.generator().writeFieldName(member);
                    header.copyValue(p);
                    continue;
                }
                if (jobs >= 0) {
                    throw JsonErrors.invalid(name, "has two members named jobs", p.currentTokenLocation());
                }
                if (value == JsonToken.VALUE_NULL) {
                    jobs = 0;
                } else if (value == JsonToken.START_ARRAY) {
                    jobs = measureEntries(p, maxEntryChars, tooLarge);
                } else {
                    throw JsonErrors.invalid(name, "jobs is not an array (it is " + describe(value) + ")",
                            p.currentTokenLocation());
                }
            }
            header.generator().writeEndObject();
            if (p.nextToken() != null) {
                throw JsonErrors.invalid(name, "has more after its JSON object", p.currentTokenLocation());
            }
            String headerText = header.text();
            if (headerText == null) {
                throw new InvalidInputException(name + ": the members other than jobs are larger than "
                        + maxEntryChars + " characters");
            }
            return new QueueStateFile(file, json, maxEntryChars, headerText, Math.max(jobs, 0), tooLarge);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(name, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the array's entries, noting those larger than the limit; leaves the parser on END_ARRAY. */
    private static int measureEntries(JsonParser p, int maxEntryChars, Map<Integer, Long> tooLarge) throws IOException {
        int count = 0;
        long start = -1;
        while (true) {
            JsonToken t = p.nextToken();
            long at = offset(p.currentTokenLocation());
            if (start >= 0 && at - start > maxEntryChars) {
                tooLarge.put(count - 1, at - start);
            }
            if (t == JsonToken.END_ARRAY) {
                return count;
            }
            start = at;
            count++;
            // skipping reads past the contents without keeping them (strings are not even decoded)
            p.skipChildren();
        }
    }

    private static long offset(JsonLocation at) {
        return at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
    }

    private static JsonParser parser(JsonFactory json, Path file) throws IOException {
        // the factory detects UTF-8, UTF-16 or UTF-32 from the first bytes, as RFC 4627 allows
        return json.createParser(Files.newInputStream(file));
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> "an object";
        };
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public String header() {
        return header;
    }

    @Override
    public int jobCount() {
        return jobCount;
    }

    @Override
    public void forEachJob(Consumer<LegacyEntry> each) {
        String name = file.toString();
        try (JsonParser p = parser(json, file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw changed();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                JsonToken value = p.nextToken();
                if (member.equals(JOBS) && value == JsonToken.START_ARRAY) {
                    readEntries(p, each);
                    return;
                }
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the file changed while it was read: "
                    + JsonErrors.malformed(name, e).getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readEntries(JsonParser p, Consumer<LegacyEntry> each) throws IOException {
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
            if (index >= jobCount) {
                throw changed();
            }
            Long size = tooLarge.get(index);
            if (size != null) {
                p.skipChildren();
                each.accept(LegacyEntry.unreadable(index, "the entry is " + size + " bytes, over the limit of "
                        + maxEntryChars + "; it was not read"));
                continue;
            }
            var copy = new BoundedJson(json, maxEntryChars);
            copy.copyValue(p);
            String text = copy.text();
            each.accept(text != null ? LegacyEntry.of(index, text)
                    : LegacyEntry.unreadable(index, "the entry is over the limit of " + maxEntryChars
                    + " characters; it was not read"));
        }
        if (index != jobCount) {
            throw changed();
        }
    }

    private InvalidInputException changed() {
        return new InvalidInputException("the file changed while it was read: " + file);
    }
}
