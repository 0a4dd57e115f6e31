package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.DocumentViews.DocumentView;
import dev.stowage.adapter.in.http.DocumentViews.UsageView;
import dev.stowage.adapter.in.http.Params.PageView;
import dev.stowage.application.port.in.document.DocumentChange;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.Content;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Documents: upload as a stream, metadata, download whole or by range, replace, change, delete,
 * list, usage. Who may do what is the use cases' rule (owner only; anyone reads public documents;
 * another owner's private document is not found); this class only establishes the actor, and lets
 * it be anonymous for reads of public documents when the settings allow.
 *
 * <p>Upload metadata travels in the query ({@code name}, {@code fileName}, {@code visibility},
 * {@code mimeType}, and {@code meta.<key>=<value>} for user metadata) because the body is the file
 * itself; {@code Content-Type} gives the MIME type when {@code mimeType} is absent.
 */
final class DocumentRoutes {
    static final String META_PREFIX = "meta.";

    private final Authenticator auth;
    private final JsonBody json;
    private final StoreDocumentsUseCase store;
    private final ManageDocumentsUseCase manage;
    private final boolean anonymousPublicReads;

    DocumentRoutes(Authenticator auth, JsonBody json, StoreDocumentsUseCase store, ManageDocumentsUseCase manage,
                   boolean anonymousPublicReads) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.json = Objects.requireNonNull(json, "json");
        this.store = Objects.requireNonNull(store, "store");
        this.manage = Objects.requireNonNull(manage, "manage");
        this.anonymousPublicReads = anonymousPublicReads;
    }

    /** Whether a request carries document bytes, whose size limit is the document store's, not the server's. */
    static boolean isContentUpload(Context ctx) {
        String path = ctx.path();
        return switch (ctx.method().name()) {
            case "POST" -> path.equals(Api.V1 + "/documents") || path.equals(Api.V1 + "/documents/");
            case "PUT" -> path.startsWith(Api.V1 + "/documents/") && path.endsWith("/content");
            default -> false;
        };
    }

    void register(RoutesConfig routes) {
        routes.post(Api.V1 + "/documents", this::upload);
        routes.get(Api.V1 + "/documents", this::list);
        routes.get(Api.V1 + "/documents/{id}", this::describe);
        routes.patch(Api.V1 + "/documents/{id}", this::change);
        routes.delete(Api.V1 + "/documents/{id}", this::delete);
        routes.get(Api.V1 + "/documents/{id}/content", this::download);
        routes.head(Api.V1 + "/documents/{id}/content", this::probe);
        routes.put(Api.V1 + "/documents/{id}/content", this::replace);
        routes.get(Api.V1 + "/public/documents", this::listPublic);
        routes.get(Api.V1 + "/usage", ctx -> {
            Actor me = auth.require(ctx);
            ctx.json(UsageView.of(manage.usage(me, me.requireUser())));
        });
        routes.get(Api.V1 + "/users/{user}/usage", ctx -> {
            Actor me = auth.require(ctx);
            ctx.json(UsageView.of(manage.usage(me, new UserId(ctx.pathParam("user")))));
        });
    }

    private void upload(Context ctx) {
        Actor actor = auth.require(ctx);
        DocumentName name = new DocumentName(required(ctx, "name"));
        FileName fileName = new FileName(Params.text(ctx, "fileName").orElse(name.value()));
        Visibility visibility = Params.text(ctx, "visibility")
                .map(v -> Params.enumValue(v, Visibility.class, "query parameter 'visibility'"))
                .orElse(Visibility.PRIVATE);
        UploadCommand command = new UploadCommand(name, fileName, mimeType(ctx, Optional.empty()), visibility,
                metadata(ctx), HttpHeaders.declaredLength(ctx.req().getContentLengthLong()),
                HttpHeaders.declaredSha256(lowerCaseHeaders(ctx)));
        Document doc;
        try (InputStream body = LazyBody.of(ctx)) {
            doc = store.upload(actor, command, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.status(201)
                .header("Location", Api.V1 + "/documents/" + doc.id().value())
                .header("ETag", HttpHeaders.etag(doc))
                .json(DocumentView.of(doc));
    }

    private void describe(Context ctx) {
        Actor actor = auth.optional(ctx, anonymousPublicReads);
        Document doc = manage.get(actor, documentId(ctx));
        cacheHeaders(ctx, doc);
        if (notModified(ctx, doc)) {
            return;
        }
        ctx.json(DocumentView.of(doc));
    }

    /**
     * {@code HEAD} of the content: the headers a whole {@code GET} would send, with no body and
     * without opening the bytes. Range and If-Range are ignored, as RFC 9110 has them only for GET.
     */
    private void probe(Context ctx) {
        Actor actor = auth.optional(ctx, anonymousPublicReads);
        Document doc = manage.get(actor, documentId(ctx));
        cacheHeaders(ctx, doc);
        if (notModified(ctx, doc)) {
            return;
        }
        contentHeaders(ctx, doc);
        ctx.header("Content-Length", Long.toString(doc.size()));
    }

    private void download(Context ctx) {
        Actor actor = auth.optional(ctx, anonymousPublicReads);
        DocumentId id = documentId(ctx);
        Document doc = manage.get(actor, id);
        cacheHeaders(ctx, doc);
        if (notModified(ctx, doc)) {
            return;
        }
        Optional<ByteRange> range = HttpHeaders.requestedRange(ctx, doc.size(), HttpHeaders.etag(doc));
        Content content = manage.download(actor, id, range);
        Document served = content.document();
        // The version may have moved between the two reads; the headers describe what is sent.
        cacheHeaders(ctx, served);
        contentHeaders(ctx, served);
        HttpHeaders.lengthHeaders(ctx, content.range(), served.size());
        ctx.result(content.bytes());
    }

    private void replace(Context ctx) {
        Actor actor = auth.require(ctx);
        DocumentId id = documentId(ctx);
        Document current = manage.get(actor, id);
        long expected = requireIfMatch(ctx, current);
        UploadCommand command = new UploadCommand(current.name(),
                Params.text(ctx, "fileName").map(FileName::new).orElse(current.fileName()),
                mimeType(ctx, Optional.of(current.mimeType())), current.visibility(), current.metadata(),
                HttpHeaders.declaredLength(ctx.req().getContentLengthLong()),
                HttpHeaders.declaredSha256(lowerCaseHeaders(ctx)));
        Document doc;
        try (InputStream body = LazyBody.of(ctx)) {
            doc = preconditioned(() -> store.replaceContent(actor, id, expected, command, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.header("ETag", HttpHeaders.etag(doc)).json(DocumentView.of(doc));
    }

    /**
     * A JSON merge patch (RFC 7396) of {@code name}, {@code fileName}, {@code mimeType},
     * {@code visibility} and {@code metadata}; in {@code metadata} a key set to null is removed,
     * and {@code "metadata": null} removes them all.
     */
    private void change(Context ctx) {
        Actor actor = auth.require(ctx);
        DocumentId id = documentId(ctx);
        Document current = manage.get(actor, id);
        long expected = requireIfMatch(ctx, current);
        JsonNode patch = json.tree(ctx);
        if (!patch.isObject()) {
            throw new InvalidInputException("the request body must be a JSON merge patch object");
        }
        Optional<DocumentName> name = Optional.empty();
        Optional<FileName> fileName = Optional.empty();
        Optional<MimeType> mime = Optional.empty();
        Optional<Visibility> visibility = Optional.empty();
        Optional<UserMetadata> metadata = Optional.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "name" -> name = Optional.of(new DocumentName(string(v, "name")));
                case "fileName" -> fileName = Optional.of(new FileName(string(v, "fileName")));
                case "mimeType" -> mime = Optional.of(new MimeType(string(v, "mimeType")));
                case "visibility" -> visibility = Optional.of(
                        Params.enumValue(string(v, "visibility"), Visibility.class, "field 'visibility'"));
                case "metadata" -> metadata = Optional.of(mergeMetadata(current.metadata(), v));
                default -> throw new InvalidInputException("unknown field '" + HttpHeaders.printable(e.getKey())
                        + "'; a document patch may set name, fileName, mimeType, visibility and metadata");
            }
        }
        DocumentChange change = new DocumentChange(name, fileName, mime, visibility, metadata);
        Document doc = preconditioned(() -> manage.change(actor, id, expected, change));
        ctx.header("ETag", HttpHeaders.etag(doc)).json(DocumentView.of(doc));
    }

    private void delete(Context ctx) {
        Actor actor = auth.require(ctx);
        DocumentId id = documentId(ctx);
        String ifMatch = ctx.header("If-Match");
        Optional<Long> expected = Optional.empty();
        if (ifMatch != null) {
            expected = Optional.of(requireIfMatch(ctx, manage.get(actor, id)));
        }
        Optional<Long> finalExpected = expected;
        preconditioned(() -> {
            manage.delete(actor, id, finalExpected);
            return null;
        });
        ctx.status(204);
    }

    private void list(Context ctx) {
        Actor actor = auth.require(ctx);
        Optional<String> owner = Params.text(ctx, "owner");
        ctx.json(PageView.of(owner.isPresent()
                ? manage.listOf(actor, new UserId(owner.get()), query(ctx), Params.page(ctx))
                : manage.list(actor, query(ctx), Params.page(ctx)), DocumentView::of));
    }

    private void listPublic(Context ctx) {
        auth.optional(ctx, anonymousPublicReads);
        ctx.json(PageView.of(manage.listPublic(query(ctx), Params.page(ctx)), DocumentView::of));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * {@code sort=created|name|size} (default created), {@code order=asc|desc} (default: newest
     * first for created, ascending otherwise), {@code mimeType=image/png} or {@code image/*},
     * {@code namePrefix}.
     */
    private static DocumentQuery query(Context ctx) {
        DocumentQuery.Sort sort = Params.text(ctx, "sort")
                .map(v -> Params.enumValue(v, DocumentQuery.Sort.class, "query parameter 'sort'"))
                .orElse(DocumentQuery.Sort.CREATED);
        boolean descending = Params.text(ctx, "order").map(o -> switch (o.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw new InvalidInputException("query parameter 'order' must be one of: asc, desc; got '"
                    + HttpHeaders.printable(o) + "'");
        }).orElse(sort == DocumentQuery.Sort.CREATED);
        return new DocumentQuery(sort, descending, Params.text(ctx, "mimeType"), Params.text(ctx, "namePrefix"));
    }

    private static void cacheHeaders(Context ctx, Document doc) {
        ctx.header("ETag", HttpHeaders.etag(doc))
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(doc.updatedAt().atOffset(ZoneOffset.UTC)))
                // Always revalidate; private documents must not sit in shared caches.
                .header("Cache-Control", doc.visibility() == Visibility.PUBLIC ? "public, no-cache" : "private, no-cache");
    }

    /** What GET and HEAD of the content both say about the bytes. */
    private static void contentHeaders(Context ctx, Document doc) {
        ctx.header("Accept-Ranges", "bytes")
                .header("Content-Disposition", HttpHeaders.contentDisposition(doc.fileName().value()))
                .header("Repr-Digest", HttpHeaders.reprDigest(doc.sha256()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .contentType(doc.mimeType().value());
    }

    private static boolean notModified(Context ctx, Document doc) {
        String inm = ctx.header("If-None-Match");
        if (inm != null && HttpHeaders.noneMatchHits(inm, doc)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    /** The version {@code If-Match} names: 428 without one, 412 when it is not the current one. */
    private static long requireIfMatch(Context ctx, Document current) {
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new HttpProblemException(428, new InvalidInputException(
                    "this change needs an If-Match header with the document's ETag (" + HttpHeaders.etag(current)
                            + " is current), so that it cannot overwrite a change made meanwhile"));
        }
        if (!HttpHeaders.ifMatchAccepts(ifMatch, current.version())) {
            throw new HttpProblemException(412, HttpHeaders.stale(current, HttpHeaders.versionNamed(ifMatch)));
        }
        return current.version();
    }

    private static <T> T preconditioned(java.util.function.Supplier<T> write) {
        return HttpHeaders.preconditioned(write);
    }

    private static MimeType mimeType(Context ctx, Optional<MimeType> fallback) {
        Optional<String> given = Params.text(ctx, "mimeType");
        if (given.isPresent()) {
            return new MimeType(given.get());
        }
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) {
            return fallback.orElse(MimeType.OCTET_STREAM);
        }
        int semi = header.indexOf(';');
        return new MimeType((semi < 0 ? header : header.substring(0, semi)).strip());
    }

    private static UserMetadata metadata(Context ctx) {
        var entries = new TreeMap<String, String>();
        for (var e : ctx.queryParamMap().entrySet()) {
            if (e.getKey().startsWith(META_PREFIX)) {
                if (e.getValue().size() != 1) {
                    throw new InvalidInputException("query parameter '" + HttpHeaders.printable(e.getKey())
                            + "' is given more than once");
                }
                entries.put(e.getKey().substring(META_PREFIX.length()), e.getValue().get(0));
            }
        }
        return new UserMetadata(entries);
    }

    private static UserMetadata mergeMetadata(UserMetadata current, JsonNode patch) {
        if (patch.isNull()) {
            return UserMetadata.EMPTY;
        }
        if (!patch.isObject()) {
            throw new InvalidInputException("field 'metadata' must be an object of strings, or null");
        }
        var merged = new HashMap<>(current.entries());
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), string(e.getValue(), "metadata." + e.getKey()));
            }
        }
        return new UserMetadata(merged);
    }

    private static String string(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new InvalidInputException("field '" + HttpHeaders.printable(field) + "' must be a string");
        }
        return v.textValue();
    }

    private static String required(Context ctx, String name) {
        return Params.text(ctx, name).orElseThrow(() -> new InvalidInputException(
                "query parameter '" + name + "' is required"));
    }

    private static Map<String, String> lowerCaseHeaders(Context ctx) {
        var headers = new HashMap<String, String>();
        for (String h : new String[] {"content-digest", "digest", "x-checksum-sha256"}) {
            String v = ctx.header(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        return headers;
    }

    private static DocumentId documentId(Context ctx) {
        return new DocumentId(ctx.pathParam("id"));
    }
}
