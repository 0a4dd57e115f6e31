package dev.stowage.domain.document;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An upload's part in concatenation (tus's concatenation extension): a plain upload that becomes a
 * document by itself, a partial upload that never does (its bytes wait to be concatenated), or a
 * final upload made of its partial uploads, in order.
 *
 * @param parts the partial uploads a final upload was made of, in order; empty for the other kinds
 */
public record UploadConcat(Kind kind, List<UploadId> parts) {
    /** The most partial uploads one final upload may name; far more than any parallel client opens. */
    public static final int MAX_PARTS = 256;

    /** A plain upload: the last byte makes it a document. */
    public static final UploadConcat NONE = new UploadConcat(Kind.NONE, List.of());
    /** A partial upload: its last byte makes nothing; a final upload takes its bytes. */
    public static final UploadConcat PARTIAL = new UploadConcat(Kind.PARTIAL, List.of());

    public enum Kind { NONE, PARTIAL, FINAL }

    /**
     * @throws IllegalArgumentException when a final upload names no part, more than
     *         {@link #MAX_PARTS}, or one part twice, or another kind names any
     */
    public UploadConcat {
        Objects.requireNonNull(kind, "kind");
        parts = List.copyOf(parts);
        if (kind == Kind.FINAL) {
            if (parts.isEmpty() || parts.size() > MAX_PARTS) {
                throw new IllegalArgumentException("a final upload needs 1 to " + MAX_PARTS + " partial uploads, got "
                        + parts.size());
            }
            if (new HashSet<>(parts).size() != parts.size()) {
                throw new IllegalArgumentException("a final upload names a partial upload twice");
            }
        } else if (!parts.isEmpty()) {
            throw new IllegalArgumentException("only a final upload has parts");
        }
    }

    /** A final upload of these partial uploads, in this order. */
    public static UploadConcat finalOf(List<UploadId> parts) {
        return new UploadConcat(Kind.FINAL, parts);
    }

    public boolean isPartial() {
        return kind == Kind.PARTIAL;
    }

    public boolean isFinal() {
        return kind == Kind.FINAL;
    }
}
