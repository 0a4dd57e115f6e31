package dev.stowage.adapter.in.http;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase.UsageReport;
import dev.stowage.domain.document.Document;
import java.time.Instant;
import java.util.Map;

/** The JSON shapes of the documents API (same conventions as {@link QueueViews}). */
final class DocumentViews {
    private DocumentViews() {
    }

    /**
     * @param etag the entity tag for {@code If-Match}, also sent as the {@code ETag} header
     */
    record DocumentView(String id, String owner, String name, String fileName, String mimeType, long size,
                        String sha256, String visibility, Map<String, String> metadata, long version, String etag,
                        Instant createdAt, Instant updatedAt) {
        static DocumentView of(Document d) {
            return new DocumentView(d.id().value(), d.owner().value(), d.name().value(), d.fileName().value(),
                    d.mimeType().value(), d.size(), d.sha256().hex(), QueueViews.lower(d.visibility()),
                    d.metadata().entries(), d.version(), HttpHeaders.etag(d), d.createdAt(), d.updatedAt());
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UsageView(String owner, long documents, long bytes, Long quotaBytes) {
        static UsageView of(UsageReport r) {
            return new UsageView(r.usage().owner().value(), r.usage().documents(), r.usage().bytes(),
                    r.quotaBytes().orElse(null));
        }
    }
}
