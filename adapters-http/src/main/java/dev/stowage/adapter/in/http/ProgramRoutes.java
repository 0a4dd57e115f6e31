package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.Params.PageView;
import dev.stowage.adapter.in.http.ProgramViews.DiffView;
import dev.stowage.adapter.in.http.ProgramViews.ProgramView;
import dev.stowage.adapter.in.http.ProgramViews.RevisionView;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ManageProgramsUseCase.ImageContent;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Programs under {@code /api/v1/programs}: any valid token reads and changes them, deleting one
 * needs an administrator. Every read sends an {@code ETag}; every change needs {@code If-Match}
 * with the program's current tag (428 without, 412 when stale), so two editors cannot overwrite
 * each other. The master image goes in and out as a stream, with ranges and conditional GETs; its
 * tag is its SHA-256, so a cached image stays valid across changes that keep it.
 */
final class ProgramRoutes {
    static final String BASE = Api.V1 + "/programs";
    private static final String FIELDS = "name, description, config, configSchemaVersion and active";

    private final Authenticator auth;
    private final JsonBody json;
    private final ManageProgramsUseCase programs;

    ProgramRoutes(Authenticator auth, JsonBody json, ManageProgramsUseCase programs) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.json = Objects.requireNonNull(json, "json");
        this.programs = Objects.requireNonNull(programs, "programs");
    }

    /** Whether a request carries image bytes, whose limit is the program store's, not the server's. */
    static boolean isImageUpload(Context ctx) {
        return ctx.method().name().equals("PUT") && ctx.path().startsWith(BASE + "/") && ctx.path().endsWith("/image");
    }

    void register(RoutesConfig routes) {
        routes.post(BASE, this::create);
        routes.get(BASE, this::list);
        routes.get(BASE + "/{id}", this::describe);
        routes.patch(BASE + "/{id}", this::change);
        routes.delete(BASE + "/{id}", this::delete);
        routes.post(BASE + "/{id}/activate", ctx -> setActive(ctx, true));
        routes.post(BASE + "/{id}/deactivate", ctx -> setActive(ctx, false));
        routes.put(BASE + "/{id}/image", this::putImage);
        routes.get(BASE + "/{id}/image", this::getImage);
        routes.head(BASE + "/{id}/image", this::probeImage);
        routes.get(BASE + "/{id}/thumbnail", this::getThumbnail);
        routes.get(BASE + "/{id}/revisions", this::revisions);
        routes.get(BASE + "/{id}/revisions/{version}", this::revision);
        routes.post(BASE + "/{id}/revisions/{version}/restore", this::restore);
        routes.get(BASE + "/{id}/diff", this::diff);
    }

    /** {@code {"name", "description"?, "config"?, "configSchemaVersion"?, "active"?}}; config defaults to {}. */
    private void create(Context ctx) {
        Actor actor = auth.require(ctx);
        JsonNode body = object(ctx);
        if (!body.hasNonNull("name")) {
            throw new InvalidInputException("field 'name' is required");
        }
        ProgramDraft draft = merged(body, new ProgramDraft(new ProgramName(text(body.get("name"), "name")), "",
                JsonText.emptyObject(), 1, true));
        Program p = programs.create(actor, draft);
        ctx.status(201).header("Location", BASE + "/" + p.id().value());
        answer(ctx, p);
    }

    private void list(Context ctx) {
        auth.require(ctx);
        boolean activeOnly = Params.text(ctx, "active").map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false", "all" -> false;
            default -> throw new InvalidInputException("query parameter 'active' must be true or false; got '"
                    + HttpHeaders.printable(v) + "'");
        }).orElse(false);
        ProgramQuery query = new ProgramQuery(activeOnly, Params.text(ctx, "name"));
        ctx.json(PageView.of(programs.list(query, Params.page(ctx)), ProgramView::of));
    }

    private void describe(Context ctx) {
        auth.require(ctx);
        Program p = programs.get(id(ctx));
        cacheHeaders(ctx, HttpHeaders.etag(p.version()), p);
        if (notModified(ctx, HttpHeaders.etag(p.version()))) {
            return;
        }
        ctx.json(ProgramView.of(p));
    }

    /** A JSON merge of the fields to change; those left out keep their values. */
    private void change(Context ctx) {
        Actor actor = auth.require(ctx);
        ProgramId id = id(ctx);
        Program current = programs.get(id);
        long expected = HttpHeaders.requireIfMatch(ctx, what(current), current.version());
        ProgramDraft draft = merged(object(ctx), new ProgramDraft(current.name(), current.description(),
                current.config(), current.configSchemaVersion(), current.active()));
        answer(ctx, HttpHeaders.preconditioned(() -> programs.update(actor, id, expected, draft)));
    }

    private void setActive(Context ctx, boolean active) {
        Actor actor = auth.require(ctx);
        ProgramId id = id(ctx);
        Program current = programs.get(id);
        long expected = HttpHeaders.requireIfMatch(ctx, what(current), current.version());
        answer(ctx, HttpHeaders.preconditioned(() -> programs.setActive(actor, id, expected, active)));
    }

    private void delete(Context ctx) {
        Actor actor = auth.require(ctx);
        // the role first: a plain user learns it may not delete, not which version is current
        actor.requireAdmin("deleting a program");
        ProgramId id = id(ctx);
        Program current = programs.get(id);
        long expected = HttpHeaders.requireIfMatch(ctx, what(current), current.version());
        HttpHeaders.preconditioned(() -> {
            programs.delete(actor, id, expected);
            return null;
        });
        ctx.status(204);
    }

    /** The body is the image itself; the stored MIME type is the one its own header says. */
    private void putImage(Context ctx) {
        Actor actor = auth.require(ctx);
        ProgramId id = id(ctx);
        Program current = programs.get(id);
        long expected = HttpHeaders.requireIfMatch(ctx, what(current), current.version());
        Program p;
        try (InputStream body = LazyBody.of(ctx)) {
            p = HttpHeaders.preconditioned(() -> programs.putImage(actor, id, expected, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        answer(ctx, p);
    }

    private void getImage(Context ctx) {
        auth.require(ctx);
        ProgramId id = id(ctx);
        Program p = programs.get(id);
        ProgramImage image = p.image().orElseThrow(() -> noImage(p));
        String tag = imageTag(image);
        cacheHeaders(ctx, tag, p);
        if (notModified(ctx, tag)) {
            return;
        }
        Optional<ByteRange> range = HttpHeaders.requestedRange(ctx, image.size(), tag);
        ImageContent content = programs.openImage(id, range);
        ProgramImage served = content.image();
        // the image may have changed between the two reads; the headers describe what is sent
        cacheHeaders(ctx, imageTag(served), content.program());
        imageHeaders(ctx, served.mimeType().value()).header("Accept-Ranges", "bytes")
                .header("Repr-Digest", HttpHeaders.reprDigest(served.sha256()));
        HttpHeaders.lengthHeaders(ctx, content.range(), served.size());
        ctx.result(content.data());
    }

    /** {@code HEAD} of the image: the headers a whole GET would send, without opening the bytes. */
    private void probeImage(Context ctx) {
        auth.require(ctx);
        Program p = programs.get(id(ctx));
        ProgramImage image = p.image().orElseThrow(() -> noImage(p));
        cacheHeaders(ctx, imageTag(image), p);
        if (notModified(ctx, imageTag(image))) {
            return;
        }
        imageHeaders(ctx, image.mimeType().value()).header("Accept-Ranges", "bytes")
                .header("Repr-Digest", HttpHeaders.reprDigest(image.sha256()))
                .header("Content-Length", Long.toString(image.size()));
    }

    private void getThumbnail(Context ctx) {
        auth.require(ctx);
        Program p = programs.get(id(ctx));
        ProgramImage image = p.image().orElseThrow(() -> noImage(p));
        // the thumbnail is made from the image once, so the image's digest names it too
        String tag = "\"" + image.sha256().hex() + "-thumbnail\"";
        cacheHeaders(ctx, tag, p);
        if (notModified(ctx, tag)) {
            return;
        }
        ImageContent content = programs.openThumbnail(p.id());
        cacheHeaders(ctx, "\"" + content.image().sha256().hex() + "-thumbnail\"", content.program());
        imageHeaders(ctx, "image/png");
        ctx.result(content.data());
    }

    private void revisions(Context ctx) {
        auth.require(ctx);
        ctx.json(PageView.of(programs.revisions(id(ctx), Params.page(ctx)), RevisionView::of));
    }

    /** A version never changes once made, so its tag is its number and it may be cached for good. */
    private void revision(Context ctx) {
        auth.require(ctx);
        long version = version(ctx.pathParam("version"), "path segment 'version'");
        var revision = programs.revision(id(ctx), version);
        String tag = HttpHeaders.etag(revision.version());
        ctx.header("ETag", tag).header("Cache-Control", "private, no-cache");
        if (notModified(ctx, tag)) {
            return;
        }
        ctx.json(RevisionView.of(revision));
    }

    private void restore(Context ctx) {
        Actor actor = auth.require(ctx);
        ProgramId id = id(ctx);
        long version = version(ctx.pathParam("version"), "path segment 'version'");
        Program current = programs.get(id);
        long expected = HttpHeaders.requireIfMatch(ctx, what(current), current.version());
        answer(ctx, HttpHeaders.preconditioned(() -> programs.restore(actor, id, version, expected)));
    }

    /** {@code ?from=&to=}; the tag names both versions, which never change. */
    private void diff(Context ctx) {
        auth.require(ctx);
        long from = version(Params.text(ctx, "from").orElseThrow(() -> required("from")), "query parameter 'from'");
        long to = version(Params.text(ctx, "to").orElseThrow(() -> required("to")), "query parameter 'to'");
        var diff = programs.diff(id(ctx), from, to);
        String tag = "\"v" + from + "-v" + to + "\"";
        ctx.header("ETag", tag).header("Cache-Control", "private, no-cache");
        if (notModified(ctx, tag)) {
            return;
        }
        ctx.json(DiffView.of(diff));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void answer(Context ctx, Program p) {
        ctx.header("ETag", HttpHeaders.etag(p.version())).json(ProgramView.of(p));
    }

    private JsonNode object(Context ctx) {
        JsonNode body = json.tree(ctx);
        if (!body.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object of " + FIELDS);
        }
        return body;
    }

    /** {@code base} with the fields {@code body} gives; an unknown field or a null is a 400. */
    private ProgramDraft merged(JsonNode body, ProgramDraft base) {
        ProgramName name = base.name();
        String description = base.description();
        JsonText config = base.config();
        int schema = base.configSchemaVersion();
        boolean active = base.active();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "name" -> name = new ProgramName(text(v, "name"));
                case "description" -> description = text(v, "description");
                case "config" -> {
                    if (v.isNull()) {
                        throw new InvalidInputException("field 'config' must be a JSON value other than null");
                    }
                    config = json.text(v, "config", base.config());
                }
                case "configSchemaVersion" -> {
                    if (!v.isInt() || v.intValue() < 0) {
                        throw new InvalidInputException("field 'configSchemaVersion' must be a whole number from 0");
                    }
                    schema = v.intValue();
                }
                case "active" -> {
                    if (!v.isBoolean()) {
                        throw new InvalidInputException("field 'active' must be true or false");
                    }
                    active = v.booleanValue();
                }
                default -> throw new InvalidInputException("unknown field '" + HttpHeaders.printable(e.getKey())
                        + "'; a program has " + FIELDS);
            }
        }
        return new ProgramDraft(name, description, config, schema, active);
    }

    private static String text(JsonNode v, String field) {
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    /** A version number: 1 or more, decimal digits only. */
    static long version(String raw, String where) {
        if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(raw) < 1) {
            throw new InvalidInputException(where + " must be a version number (1 or more); got '"
                    + HttpHeaders.printable(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    private static InvalidInputException required(String name) {
        return new InvalidInputException("query parameter '" + name + "' is required");
    }

    private static ProgramId id(Context ctx) {
        return new ProgramId(ctx.pathParam("id"));
    }

    private static String what(Program p) {
        return "program '" + p.id() + "'";
    }

    private static dev.stowage.domain.error.NotFoundException noImage(Program p) {
        return new dev.stowage.domain.error.NotFoundException("program '" + p.id() + "' has no image");
    }

    private static String imageTag(ProgramImage image) {
        return "\"" + image.sha256().hex() + "\"";
    }

    private static void cacheHeaders(Context ctx, String tag, Program p) {
        ctx.header("ETag", tag)
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(p.updatedAt().atOffset(ZoneOffset.UTC)))
                .header("Cache-Control", "private, no-cache");
    }

    private static Context imageHeaders(Context ctx, String mimeType) {
        return ctx.header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .contentType(mimeType);
    }

    private static boolean notModified(Context ctx, String tag) {
        String inm = ctx.header("If-None-Match");
        if (inm != null && HttpHeaders.noneMatchHits(inm, tag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }
}
