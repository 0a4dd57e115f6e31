package dev.stowage.domain.program;

import dev.stowage.domain.common.JsonPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed between two versions of a program: an RFC 6902 patch that turns the {@code from}
 * config into the {@code to} config, and each other field whose value differs. Either version may
 * be the older one; the patch always goes from {@code from} to {@code to}.
 *
 * @param configPatch empty when the configs are equal as JSON
 * @param changes     fields other than the config, in a fixed order: {@code name}, {@code description},
 *                    {@code configSchemaVersion}, {@code active}, {@code image}
 */
public record ProgramDiff(ProgramId program, long fromVersion, long toVersion,
                          List<JsonPatch.Operation> configPatch, List<FieldChange> changes) {
    public ProgramDiff {
        Objects.requireNonNull(program, "program");
        configPatch = List.copyOf(configPatch);
        changes = List.copyOf(changes);
    }

    /**
     * One changed field, its values as {@link dev.stowage.domain.common.Json} values (an image is
     * an object of its SHA-256, MIME type, size, width and height; no image is null).
     */
    public record FieldChange(String field, Object from, Object to) {
        public FieldChange {
            Objects.requireNonNull(field, "field");
        }
    }

    /** Compares two states of one program. */
    public static ProgramDiff between(ProgramRevision from, ProgramRevision to) {
        if (!from.program().equals(to.program())) {
            throw new IllegalArgumentException("versions of two programs");
        }
        List<FieldChange> changes = new ArrayList<>();
        field(changes, "name", from.name().value(), to.name().value());
        field(changes, "description", from.description(), to.description());
        field(changes, "configSchemaVersion", from.configSchemaVersion(), to.configSchemaVersion());
        field(changes, "active", from.active(), to.active());
        field(changes, "image", image(from.image()), image(to.image()));
        List<JsonPatch.Operation> patch = from.configSha256().equals(to.configSha256())
                ? List.of()
                : JsonPatch.diff(from.config().value(), to.config().value());
        return new ProgramDiff(from.program(), from.version(), to.version(), patch, changes);
    }

    /** An image as the diff shows it: what identifies its content, not where it is stored. */
    public static Map<String, Object> imageSummary(ProgramImage i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", i.sha256().hex());
        m.put("mimeType", i.mimeType().value());
        m.put("size", i.size());
        m.put("width", i.width());
        m.put("height", i.height());
        return m;
    }

    private static Object image(Optional<ProgramImage> image) {
        return image.map(ProgramDiff::imageSummary).orElse(null);
    }

    private static void field(List<FieldChange> changes, String name, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.add(new FieldChange(name, from, to));
        }
    }
}
