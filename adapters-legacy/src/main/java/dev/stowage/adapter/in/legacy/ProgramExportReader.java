package dev.stowage.adapter.in.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.stowage.application.port.in.legacy.LegacyProgram;
import dev.stowage.application.port.in.legacy.LegacyProgram.MasterImage;
import dev.stowage.domain.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a localStorage export of programs in one pass: the parser goes entry by entry while
 * {@link DataUrlDiversion} takes each master image out of the bytes and {@link ImageSpool} decodes
 * it into a temporary file. Each entry is handed over with its members other than {@code config}
 * (as JSON text), its {@code config} without {@code masterImage} (as JSON text, members in file
 * order) and its image; then the image file is deleted.
 */
final class ProgramExportReader {
    private static final String NAME = "the programs export";

    private final JsonFactory json;
    private final Path tmpDir;
    private final int maxEntryChars;
    private final long maxImageBytes;

    ProgramExportReader(JsonFactory json, Path tmpDir, int maxEntryChars, long maxImageBytes) {
        this.json = json;
        this.tmpDir = tmpDir;
        this.maxEntryChars = maxEntryChars;
        this.maxImageBytes = maxImageBytes;
    }

    void read(InputStream export, Consumer<LegacyProgram> each) {
        try (ImageSpool spool = new ImageSpool(tmpDir, maxImageBytes)) {
            var diversion = new DataUrlDiversion(export, spool);
            try (JsonParser p = json.createParser(diversion)) {
                p.disable(StreamReadFeature.AUTO_CLOSE_SOURCE.mappedFeature()); // the caller's stream
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new InvalidInputException(NAME + " is empty; it must be a JSON array of programs");
                }
                if (first != JsonToken.START_ARRAY) {
                    throw JsonErrors.invalid(NAME, "is not a JSON array of programs", p.currentTokenLocation());
                }
                var images = new ImageCursor(spool, diversion);
                int index = 0;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
                    Entry entry = t == JsonToken.START_OBJECT ? entry(p, index, images) : notAnObject(p, index);
                    try {
                        each.accept(entry.program);
                    } finally {
                        entry.deleteImage();
                    }
                }
                if (p.nextToken() != null) {
                    throw JsonErrors.invalid(NAME, "has more after its array", p.currentTokenLocation());
                }
            } catch (JsonProcessingException e) {
                throw JsonErrors.malformed(NAME, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program entry handed over, and the file its image is in. */
    private record Entry(LegacyProgram program, Optional<Path> imageFile) {
        void deleteImage() throws IOException {
            if (imageFile.isPresent()) {
                Files.deleteIfExists(imageFile.get());
            }
        }
    }

    private Entry notAnObject(JsonParser p, int index) throws IOException {
        p.skipChildren();
        return new Entry(new LegacyProgram(index, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of("the entry is not a JSON object")), Optional.empty());
    }

    private Entry entry(JsonParser p, int index, ImageCursor images) throws IOException {
        var fields = new BoundedJson(json, maxEntryChars);
        fields.generator().writeStartObject();
        var problems = new ArrayList<String>();
        Optional<String> id = Optional.empty();
        BoundedJson config = null;
        Optional<ImageSpool.Spooled> image = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            JsonToken value = p.nextToken();
            if (!member.equals("config")) {
                if (member.equals("id") && value == JsonToken.VALUE_STRING && id.isEmpty()) {
                    id = Optional.of(p.getText());
                }
                fields.generator().writeFieldName(member);
                fields.copyValue(p);
                continue;
            }
            if (config != null) {
                problems.add("config appears twice; the second is not read");
                images.dropWithin(p);
                continue;
            }
            config = new BoundedJson(json, maxEntryChars);
            if (value != JsonToken.START_OBJECT) {
                config.copyValue(p);
                continue;
            }
            config.generator().writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (!key.equals("masterImage")) {
                    config.generator().writeFieldName(key);
                    config.copyValue(p);
                } else if (image.isPresent()) {
                    problems.add("config.masterImage appears twice; the first is kept");
                    images.drop(p);
                } else {
                    image = images.at(p, v, problems);
                }
            }
            config.generator().writeEndObject();
        }
        fields.generator().writeEndObject();

        String fieldsText = fields.text();
        String configText = config == null ? null : config.text();
        if (fieldsText == null || (config != null && configText == null)) {
            problems.add("the entry is over the limit of " + maxEntryChars + " characters (not counting its image)");
        }
        Optional<MasterImage> master = Optional.empty();
        Optional<Path> file = Optional.empty();
        if (image.isPresent()) {
            ImageSpool.Spooled s = image.get();
            s.problem().ifPresent(why -> problems.add("config.masterImage: " + why));
            file = s.file();
            if (file.isPresent()) {
                Path f = file.get();
                master = Optional.of(new MasterImage(s.mime(), s.size(), s.sha256(), () -> Files.newInputStream(f)));
            }
        }
        var program = new LegacyProgram(index, id, Optional.ofNullable(fieldsText), Optional.ofNullable(configText),
                master, problems);
        return new Entry(program, file);
    }

    /**
     * Matches the parser's {@code config.masterImage} values with the images the diversion took out,
     * in order. A value there is one of its markers, or something the diversion did not take (null, a
     * number, an object, or a string whose key was written with escapes).
     */
    private static final class ImageCursor {
        private final ImageSpool spool;
        private final DataUrlDiversion diversion;
        private int next;

        ImageCursor(ImageSpool spool, DataUrlDiversion diversion) {
            this.spool = spool;
            this.diversion = diversion;
        }

        Optional<ImageSpool.Spooled> at(JsonParser p, JsonToken value, List<String> problems) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return Optional.empty();
            }
            if (value != JsonToken.VALUE_STRING || !isNextMarker(p.getText())) {
                problems.add("config.masterImage is not a base64 data URL string");
                p.skipChildren();
                return Optional.empty();
            }
            next++;
            Optional<ImageSpool.Spooled> s = spool.take();
            // an empty string is no image: nothing to keep
            return s.filter(x -> x.file().isPresent() || x.problem().isPresent());
        }

        /** Skips a value at the master image's place, deleting its image if the diversion took one. */
        void drop(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && isNextMarker(p.getText())) {
                next++;
                Optional<ImageSpool.Spooled> s = spool.take();
                if (s.isPresent() && s.get().file().isPresent()) {
                    Files.deleteIfExists(s.get().file().get());
                }
            }
            p.skipChildren();
        }

        /** Skips a whole value (a second config), dropping every image the diversion took out of it. */
        void dropWithin(JsonParser p) throws IOException {
            p.skipChildren();
            while (next < diversion.images()) {
                next++;
                spool.take().flatMap(ImageSpool.Spooled::file).ifPresent(f -> f.toFile().delete());
            }
        }

        private boolean isNextMarker(String text) {
            return text.equals(DataUrlDiversion.MARKER + next) && next < diversion.images();
        }
    }
}
