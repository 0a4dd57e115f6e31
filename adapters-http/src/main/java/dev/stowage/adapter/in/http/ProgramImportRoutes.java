package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/programs/import}: the legacy app's localStorage export of programs as the
 * request body, imported as {@code stowage import programs} does it, by the same use case over the
 * same streaming reader, for administrators only. The body goes from the socket into the reader as
 * it arrives, one entry and one decoded image at a time, so an export of any size passes: the
 * server's request size limit does not apply here, as it does not to other streamed uploads.
 *
 * <p>Sign-in, the administrator role, {@code dryRun} and {@code Content-Type} are checked before the
 * body is opened, so a refused request is answered before it is sent (with
 * {@code Expect: 100-continue}). A body that is not an export at all is a 400 and imports nothing. An
 * import that ran to its end answers 200 with the report, per-entry problems included; one that
 * stopped part way (the body broke off or turned to bad JSON, the storage failed) keeps the entries
 * before the stop and answers a problem under the failure's status whose {@code report} member is
 * the report. Storage failures are worded for the client and logged in full, as everywhere.
 */
final class ProgramImportRoutes {
    static final String PATH = ProgramRoutes.BASE + "/import";
    private static final Logger log = LoggerFactory.getLogger(ProgramImportRoutes.class);

    private final Authenticator auth;
    private final ImportProgramsUseCase imports;
    private final ObjectMapper json;

    ProgramImportRoutes(Authenticator auth, ImportProgramsUseCase imports, ObjectMapper json) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.imports = Objects.requireNonNull(imports, "imports");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Whether a request is an import, whose body is an export of any size, not a bounded one. */
    static boolean isImport(Context ctx) {
        return ctx.method().name().equals("POST") && ctx.path().equals(PATH);
    }

    void register(RoutesConfig routes) {
        routes.post(PATH, this::importPrograms);
    }

    private void importPrograms(Context ctx) {
        Actor actor = auth.require(ctx);
        actor.requireAdmin("importing programs");
        boolean dryRun = Params.bool(ctx, "dryRun").orElse(false);
        requireJson(ctx.header("Content-Type"));
        LazyBody body = LazyBody.of(ctx);
        ImportReport report;
        try (body) {
            report = imports.importPrograms(actor, body, dryRun, ImportProgress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logStorageProblems(ctx, report);
        if (report.stoppedBy().isEmpty()) {
            ctx.json(ReportView.of(report, Optional.empty()));
            return;
        }
        String stopped = report.stoppedBy().get();
        Optional<BrokenBody> broken = body.broken();
        Problem problem;
        if (broken.isPresent()) {
            log.info("Program import body broke off on {} ({})", ctx.path(), broken.get().kind());
            Problem p = ProblemMapper.fromCode(ErrorCode.INVALID_INPUT, brokenDetail(report, broken.get()), ctx.path());
            problem = new Problem(p.type(), p.title(), broken.get().status(), p.detail(), p.instance(), p.code());
        } else if (report.stopCode().map(c -> c.category() != ErrorCode.Category.STORAGE).orElse(false)) {
            problem = ProblemMapper.fromCode(report.stopCode().get(), stopped, ctx.path());
        } else {
            // the stores, or the server's own temporary files, failed: the cause is the operator's to read
            ErrorCode code = report.stopCode().orElse(ErrorCode.STORAGE_UNAVAILABLE);
            log.warn("Program import stopped by a storage failure on {}: {}", ctx.path(), stopped);
            problem = ProblemMapper.fromCode(code, storageDetail(report, code), ctx.path());
        }
        ObjectNode answer = json.valueToTree(problem);
        answer.set("report", json.valueToTree(ReportView.of(report, Optional.of(problem.detail()))));
        try {
            ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(json.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the import's answer", e);
        }
    }

    /** The export is JSON text: {@code application/json}, in UTF-8 if a charset is given; 415 otherwise. */
    static void requireJson(String contentType) {
        String type = contentType == null ? "" : contentType;
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        boolean utf8 = true;
        if (semicolon >= 0) {
            for (String param : type.substring(semicolon + 1).split(";")) {
                String[] kv = param.split("=", 2);
                if (kv[0].strip().equalsIgnoreCase("charset")) {
                    String charset = kv.length < 2 ? "" : kv[1].strip().replace("\"", "");
                    utf8 = charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
                }
            }
        }
        if (!media.equals("application/json") || !utf8) {
            throw new HttpProblemException(415, new InvalidInputException("the body must be the legacy app's export "
                    + "of programs as application/json in UTF-8; the Content-Type was "
                    + (contentType == null ? "missing" : "'" + Checks.printable(contentType) + "'")));
        }
    }

    private static String where(ImportReport report) {
        return report.entries() == 0 ? "before the first entry" : "after entry #" + (report.entries() - 1);
    }

    private static String imported(ImportReport report) {
        return report.dryRun() ? "nothing was changed (a dry run)" : "the " + report.created() + " programs before it "
                + "were imported; importing the whole export again adds only the rest";
    }

    private static String brokenDetail(ImportReport report, BrokenBody broken) {
        String how = switch (broken.kind()) {
            case MALFORMED -> "its chunked framing could not be read";
            case INCOMPLETE -> "it ended before its declared end";
            case TIMED_OUT -> "it stopped arriving until the idle timeout";
        };
        return "the request body broke off " + where(report) + " (" + how + "); " + imported(report);
    }

    private static String storageDetail(ImportReport report, ErrorCode code) {
        String what = switch (code) {
            case STORAGE_FULL -> "the storage is full";
            case STORAGE_CORRUPT -> "stored data failed an integrity check";
            default -> "the storage is unavailable";
        };
        return "the import stopped " + where(report) + ": " + what + " (the server log has the cause); "
                + imported(report) + ", once the operator has dealt with it";
    }

    private static void logStorageProblems(Context ctx, ImportReport report) {
        for (ImportReport.Problem p : report.problems()) {
            if (p.code().category() == ErrorCode.Category.STORAGE) {
                log.warn("Program import on {}: entry #{} failed in storage: {}", ctx.path(), p.index(), p.reason());
            }
        }
    }

    /**
     * The report as {@code stowage import programs --json} prints it, without the CLI's {@code file}
     * and {@code error} (over HTTP a failure is the problem the report comes in). Texts are redacted
     * like every detail; a storage failure's own words stay in the server log.
     */
    record ReportView(boolean dryRun, int entries, int created, int alreadyImported, List<ProblemView> problems,
                      List<String> fileProblems, List<String> notes, String stoppedBy) {

        static ReportView of(ImportReport r, Optional<String> stoppedBy) {
            return new ReportView(r.dryRun(), r.entries(), r.created(), r.existing(),
                    r.problems().stream().map(ProblemView::of).toList(),
                    r.fileProblems().stream().map(ProblemMapper::redacted).toList(),
                    r.notes().stream().map(ProblemMapper::redacted).toList(),
                    stoppedBy.or(r::stoppedBy).map(ProblemMapper::redacted).orElse(null));
        }
    }

    /** One entry that did not come in: its index in the export, its own id as written, and why. */
    record ProblemView(int index, String id, String reason) {
        static ProblemView of(ImportReport.Problem p) {
            String reason = p.code().category() == ErrorCode.Category.STORAGE
                    ? "a storage failure (" + p.code() + ") on this entry; the server log has the cause"
                    : ProblemMapper.redacted(p.reason());
            return new ProblemView(p.index(), p.id(), reason);
        }
    }
}
