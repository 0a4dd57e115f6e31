package dev.stowage.domain.document;

import dev.stowage.domain.common.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * How to list documents.
 *
 * @param mimeType   exact type ({@code image/png}) or a family ({@code image/*}); empty: any
 * @param namePrefix names starting with this (case-sensitive); empty: any
 */
public record DocumentQuery(Sort sort, boolean descending, Optional<String> mimeType, Optional<String> namePrefix) {
    public enum Sort { CREATED, NAME, SIZE }

    public DocumentQuery {
        Objects.requireNonNull(sort, "sort");
        // Filters are MIME types (case-insensitive) or families such as image/*; keep them in the
        // canonical lower case so they match what documents store.
        mimeType = Objects.requireNonNull(mimeType, "mimeType").map(DocumentQuery::mimeFilter);
        Objects.requireNonNull(namePrefix, "namePrefix").ifPresent(p -> Checks.text(p, "name prefix", DocumentName.MAX_LENGTH));
    }

    private static String mimeFilter(String filter) {
        Checks.text(filter, "MIME type filter", 255);
        String lower = filter.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("/*")) {
            new MimeType(lower.substring(0, lower.length() - 2) + "/x");
            return lower;
        }
        return new MimeType(lower).value();
    }

    /** Newest first, no filter. */
    public static DocumentQuery newestFirst() {
        return new DocumentQuery(Sort.CREATED, true, Optional.empty(), Optional.empty());
    }

    /**
     * What every type of a family filter starts with ({@code image/} for {@code image/*}); empty
     * when there is no filter or it is one exact type.
     */
    public Optional<String> mimeFamilyPrefix() {
        return mimeType.filter(m -> m.endsWith("/*")).map(m -> m.substring(0, m.length() - 1));
    }

    /** The one type the filter asks for; empty when there is no filter or it is a family. */
    public Optional<String> exactMimeType() {
        return mimeType.filter(m -> !m.endsWith("/*"));
    }

    /** True when {@code d} passes the filters (not the sort). */
    public boolean matches(Document d) {
        String type = d.mimeType().value();
        boolean mimeOk = mimeFamilyPrefix().map(type::startsWith).orElse(true) && exactMimeType().map(type::equals).orElse(true);
        return mimeOk && namePrefix.map(p -> d.name().value().startsWith(p)).orElse(true);
    }
}
