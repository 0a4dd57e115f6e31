package dev.stowage.adapter.in.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.port.in.legacy.LegacyProgram;
import dev.stowage.application.port.in.legacy.QueueStateSource;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link LegacyFiles} over Jackson's streaming parser. */
final class JacksonLegacyFiles implements LegacyFiles {
    private final LegacySettings settings;
    private final JsonFactory json;

    JacksonLegacyFiles(LegacySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // No string is read into memory beyond an entry's limit; a longer one stops the read with a clear error.
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(settings.maxEntryChars()).build())
                .build();
    }

    @Override
    public QueueStateSource queueState(Path file) {
        Objects.requireNonNull(file, "file");
        return QueueStateFile.open(file, json, settings.maxEntryChars());
    }

    @Override
    public void readPrograms(InputStream export, Consumer<LegacyProgram> each) {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(each, "each");
        new ProgramExportReader(json, settings.tmpDir(), settings.maxEntryChars(), settings.maxImageBytes()).read(export, each);
    }
}
