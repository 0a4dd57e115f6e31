package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.stowage.domain.common.JsonPatch;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramRevision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of the programs API. Names, descriptions and configs are data: they go out as
 * JSON strings and values only, never into HTML, so markup in them stays inert text.
 */
final class ProgramViews {
    private ProgramViews() {
    }

    /** The master image's facts (its bytes are at {@code …/image}, the preview at {@code …/thumbnail}). */
    record ImageView(String mimeType, long size, String sha256, int width, int height, boolean thumbnail) {
        static ImageView of(Optional<ProgramImage> image) {
            return image.map(i -> new ImageView(i.mimeType().value(), i.size(), i.sha256().hex(), i.width(),
                    i.height(), i.thumbnail().isPresent())).orElse(null);
        }
    }

    /**
     * @param etag      the entity tag for {@code If-Match}, also sent as the {@code ETag} header
     * @param updatedBy who made this version
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ProgramView(String id, String name, String description, @JsonRawValue String config, int configSchemaVersion,
                       String configSha256, boolean active, long version, String etag, ImageView image,
                       String externalRef, Instant createdAt, Instant updatedAt, String updatedBy) {
        static ProgramView of(Program p) {
            return new ProgramView(p.id().value(), p.name().value(), p.description(), p.config().json(),
                    p.configSchemaVersion(), p.configSha256().hex(), p.active(), p.version(),
                    HttpHeaders.etag(p.version()), ImageView.of(p.image()), p.externalRef().orElse(null),
                    p.createdAt(), p.updatedAt(), p.updatedBy().value());
        }
    }

    /** A program as it was at one version, with who made that version and when. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record RevisionView(String program, long version, String name, String description, @JsonRawValue String config,
                        int configSchemaVersion, String configSha256, boolean active, ImageView image,
                        String updatedBy, Instant updatedAt) {
        static RevisionView of(ProgramRevision r) {
            return new RevisionView(r.program().value(), r.version(), r.name().value(), r.description(),
                    r.config().json(), r.configSchemaVersion(), r.configSha256().hex(), r.active(),
                    ImageView.of(r.image()), r.updatedBy().value(), r.updatedAt());
        }
    }

    /**
     * @param configPatch an RFC 6902 JSON Patch from the {@code from} config to the {@code to} config
     * @param changes     the other fields that differ
     */
    record DiffView(String program, long from, long to, List<Object> configPatch, List<ChangeView> changes) {
        static DiffView of(ProgramDiff d) {
            return new DiffView(d.program().value(), d.fromVersion(), d.toVersion(), JsonPatch.toJson(d.configPatch()),
                    d.changes().stream().map(c -> new ChangeView(c.field(), c.from(), c.to())).toList());
        }
    }

    /** One changed field; values are JSON (an image is an object; no image is null, written out here). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record ChangeView(String field, Object from, Object to) {
    }
}
