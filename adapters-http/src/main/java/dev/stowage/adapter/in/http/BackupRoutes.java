package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.BackupViews.BackupView;
import dev.stowage.adapter.in.http.BackupViews.RotationView;
import dev.stowage.adapter.in.http.BackupViews.VerificationView;
import dev.stowage.adapter.in.http.Params.PageView;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups under {@code /api/v1/backups}, for administrators only (401 without a token, 403 for a
 * user's): the HTTP face of {@link ManageBackupsUseCase}, with the same rules as the
 * {@code stowage backup} commands.
 *
 * <p>A create answers when the backup is complete (201): the use case mints the id inside and
 * returns only once the manifest is durable, and the catalog's in-progress record cannot be told
 * apart from another process's, so a 202 with something to poll would promise what nothing here can
 * truthfully report. Creates, imports, deletes and rotations take turns in one process (a second one
 * waits for the first); a backup or import refused because another process is pruning the target
 * is a 409.
 *
 * <p>The archive goes out as it is assembled from the target (no staging copy), and comes in as a
 * stream the use case checks as it reads, so neither is ever held whole.
 */
final class BackupRoutes {
    static final String BASE = Api.V1 + "/backups";
    static final String IMPORT = BASE + "/import";
    /** Where backup archives are uploaded resumably (tus), each imported when complete; see {@link TusRoutes}. */
    static final String UPLOADS = BASE + "/uploads";
    private static final Logger log = LoggerFactory.getLogger(BackupRoutes.class);
    private static final String WHAT = "managing backups";
    private static final String DEFAULT_LABEL = "manual";
    /** What an archive may be sent as; anything else (a multipart form, JSON) is a client's mistake. */
    private static final Set<String> ARCHIVE_TYPES = Set.of("application/x-tar", "application/tar", "application/gzip",
            "application/x-gzip", "application/octet-stream");
    private static final Duration MAX_KEEP_WITHIN = Duration.ofDays(3650);

    private final Authenticator auth;
    private final JsonBody json;
    private final ManageBackupsUseCase backups;

    BackupRoutes(Authenticator auth, JsonBody json, ManageBackupsUseCase backups) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.json = Objects.requireNonNull(json, "json");
        this.backups = Objects.requireNonNull(backups, "backups");
    }

    /** Whether a request carries an archive, whose limits are the import's own, not the server's. */
    static boolean isArchiveUpload(Context ctx) {
        return (ctx.method().name().equals("POST") && ctx.path().equals(IMPORT)) || ctx.path().startsWith(UPLOADS);
    }

    static String path(BackupId id) {
        return BASE + "/" + id.value();
    }

    static String archivePath(BackupId id) {
        return path(id) + "/archive";
    }

    void register(RoutesConfig routes) {
        routes.post(BASE, this::create);
        routes.get(BASE, this::list);
        routes.post(BASE + "/rotate", this::rotate);
        routes.post(IMPORT, this::importArchive);
        routes.get(BASE + "/{id}", this::describe);
        routes.delete(BASE + "/{id}", this::delete);
        routes.get(BASE + "/{id}/archive", this::download);
        routes.post(BASE + "/{id}/verify", this::verify);
    }

    /** {@code {"label"?}}; no body takes a backup labelled {@value #DEFAULT_LABEL}. */
    private void create(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        String label = DEFAULT_LABEL;
        for (Map.Entry<String, JsonNode> e : fields(json.objectOrEmpty(ctx))) {
            if (!e.getKey().equals("label")) {
                throw unknownField(e.getKey(), "label");
            }
            label = text(e.getValue(), "label");
        }
        Backup backup = backups.create(label);
        created(ctx, backup);
    }

    /** Newest first; {@code status=complete|in_progress|failed}, {@code limit}, {@code cursor}. */
    private void list(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        PageRequest page = Params.page(ctx);
        Optional<BackupStatus> status = Params.text(ctx, "status")
                .map(v -> Params.enumValue(v, BackupStatus.class, "query parameter 'status'"));
        Optional<BackupId> after = page.after().map(BackupRoutes::cursor);
        List<Backup> matching = backups.list().stream()
                .filter(b -> status.isEmpty() || b.status() == status.get())
                .filter(b -> after.isEmpty() || b.id().compareTo(after.get()) < 0)
                .sorted(Comparator.comparing(Backup::id).reversed())
                .limit(page.limit() + 1L)
                .toList();
        boolean more = matching.size() > page.limit();
        List<Backup> items = more ? matching.subList(0, page.limit()) : matching;
        Optional<Cursor> next = more ? Optional.of(new Cursor(items.get(items.size() - 1).id().value())) : Optional.empty();
        ctx.json(PageView.of(new Page<>(items, next), BackupView::of));
    }

    private void describe(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        ctx.header("Cache-Control", "no-store").json(BackupView.of(backups.get(id(ctx))));
    }

    /** As {@code stowage backup rm}: the manifest, then the record; its objects wait for a rotation. */
    private void delete(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        BackupId id = id(ctx);
        if (!backups.delete(id)) {
            throw NotFoundException.of("backup", id.value());
        }
        ctx.status(204);
    }

    /** {@code {"samplePercent"?}} (1-100, default 100): 200 with the outcome, passed or not. */
    private void verify(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        BackupId id = id(ctx);
        int sample = 100;
        for (Map.Entry<String, JsonNode> e : fields(json.objectOrEmpty(ctx))) {
            if (!e.getKey().equals("samplePercent")) {
                throw unknownField(e.getKey(), "samplePercent");
            }
            sample = whole(e.getValue(), "samplePercent", 1, 100);
        }
        requireComplete(backups.get(id), "verified");
        ctx.json(VerificationView.of(backups.verify(id, sample)));
    }

    /**
     * {@code {"keepLast"?, "keepDaily"?, "keepWeekly"?, "keepMonthly"?, "keepWithin"?, "dryRun"?}}
     * (at least one keep rule); {@code dryRun} may come as a query parameter instead.
     */
    private void rotate(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        int[] keep = new int[4];
        Optional<Duration> within = Optional.empty();
        Optional<Boolean> dryRun = Params.text(ctx, "dryRun").map(v -> bool(v, "query parameter 'dryRun'"));
        for (Map.Entry<String, JsonNode> e : fields(json.objectOrEmpty(ctx))) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "keepLast" -> keep[0] = whole(v, "keepLast", 0, 100_000);
                case "keepDaily" -> keep[1] = whole(v, "keepDaily", 0, 100_000);
                case "keepWeekly" -> keep[2] = whole(v, "keepWeekly", 0, 100_000);
                case "keepMonthly" -> keep[3] = whole(v, "keepMonthly", 0, 100_000);
                case "keepWithin" -> within = Optional.of(duration(v));
                case "dryRun" -> {
                    if (!v.isBoolean()) {
                        throw new InvalidInputException("field 'dryRun' must be true or false");
                    }
                    if (dryRun.isPresent() && dryRun.get() != v.booleanValue()) {
                        throw new InvalidInputException("the query parameter 'dryRun' and the field 'dryRun' disagree; send one");
                    }
                    dryRun = Optional.of(v.booleanValue());
                }
                default -> throw unknownField(e.getKey(), "keepLast, keepDaily, keepWeekly, keepMonthly, keepWithin and dryRun");
            }
        }
        var policy = new RotationPolicy(keep[0], keep[1], keep[2], keep[3], within);
        ctx.json(RotationView.of(backups.rotate(policy, dryRun.orElse(false))));
    }

    /**
     * The archive as {@code stowage backup export} writes it, assembled from the target as it is
     * sent; {@code gzip=true} compresses it (then its length is not known beforehand). A failure
     * after the first byte cannot become an error answer any more: the connection is cut instead,
     * so the client sees a short download, never a complete-looking one.
     */
    private void download(Context ctx) throws IOException {
        auth.requireAdmin(ctx, WHAT);
        BackupId id = id(ctx);
        boolean gzip = Params.text(ctx, "gzip").map(v -> bool(v, "query parameter 'gzip'")).orElse(false);
        requireComplete(backups.get(id), "downloaded");
        long size = backups.exportSize(id);
        String file = "stowage-backup-" + id.value() + (gzip ? ".tar.gz" : ".tar");
        ctx.status(200)
                .contentType(gzip ? "application/gzip" : "application/x-tar")
                .header("Content-Disposition", HttpHeaders.contentDisposition(file))
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        if (!gzip) {
            ctx.header("Content-Length", Long.toString(size));
        }
        var client = new ClientStream(ctx.res().getOutputStream());
        try {
            if (gzip) {
                var zipped = new GZIPOutputStream(client, 1 << 16);
                backups.export(id, zipped);
                zipped.finish();
            } else {
                backups.export(id, client);
            }
            client.flush();
        } catch (RuntimeException | IOException e) {
            if (!ctx.res().isCommitted()) {
                ctx.res().reset(); // drops the archive's headers (its length above all) for the problem's
                throw e;
            }
            if (client.failed) {
                log.info("Download of backup {} broke off: the client went away", id);
            } else {
                log.error("Download of backup {} failed after its first byte; the connection is cut so the client "
                        + "sees a short archive", id, e);
            }
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    /** The body is the archive, plain or gzip, streamed to the import, which checks it as it reads. */
    private void importArchive(Context ctx) {
        auth.requireAdmin(ctx, WHAT);
        String type = ctx.header("Content-Type");
        if (type != null && !type.isBlank()) {
            int semicolon = type.indexOf(';');
            String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            if (!ARCHIVE_TYPES.contains(bare)) {
                throw new HttpProblemException(415, new InvalidInputException("the body must be the archive itself "
                        + "(application/x-tar, application/gzip or application/octet-stream), as 'stowage backup export' "
                        + "writes it; not '" + HttpHeaders.printable(bare) + "' (with curl: --data-binary @FILE, not -F)"));
            }
        }
        Backup backup;
        try (InputStream body = LazyBody.of(ctx)) {
            backup = backups.importArchive(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        created(ctx, backup);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static void created(Context ctx, Backup backup) {
        ctx.status(201).header("Location", path(backup.id())).json(BackupView.of(backup));
    }

    private static void requireComplete(Backup b, String verb) {
        if (b.status() != BackupStatus.COMPLETE) {
            throw new ConflictException("backup '" + b.id() + "' is " + b.status().name().toLowerCase(Locale.ROOT)
                    + ": only a complete backup can be " + verb);
        }
    }

    /** A path id that is not a backup id names no backup: 404, as for an unknown one, without echoing it. */
    private static BackupId id(Context ctx) {
        try {
            return new BackupId(ctx.pathParam("id"));
        } catch (InvalidInputException e) {
            throw new NotFoundException("there is no backup with this id (a backup id is a 26-character ULID)");
        }
    }

    private static BackupId cursor(Cursor c) {
        try {
            return new BackupId(c.value());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("query parameter 'cursor' is not one this listing gave out");
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        return () -> it;
    }

    private static InvalidInputException unknownField(String name, String known) {
        return new InvalidInputException("unknown field '" + HttpHeaders.printable(name) + "'; this takes " + known);
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new InvalidInputException("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static int whole(JsonNode v, String field, int min, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new InvalidInputException("field '" + field + "' must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode v) {
        String what = "field 'keepWithin'";
        if (!v.isTextual()) {
            throw new InvalidInputException(what + " must be an ISO-8601 duration such as P7D");
        }
        Duration d;
        try {
            d = Duration.parse(v.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(what + " must be an ISO-8601 duration from PT0S to P3650D such as P7D, got '"
                    + Checks.printable(v.textValue()) + "'");
        }
        return Checks.range(d, Duration.ZERO, MAX_KEEP_WITHIN, what);
    }

    private static boolean bool(String v, String what) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(what + " must be true or false; got '" + HttpHeaders.printable(v) + "'");
        };
    }

    /**
     * The response body: remembers whether a write failed (the client went away) so that such a
     * failure is not reported as the target's, and is never closed by the export's compressor.
     */
    private static final class ClientStream extends FilterOutputStream {
        boolean failed;

        ClientStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
