package dev.stowage.application.port.in.document;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Use case: compare metadata with the blob store and report (and optionally repair) what does not
 * match. Runs while the service serves.
 */
public interface CheckConsistencyUseCase {

    /**
     * One finding.
     *
     * @param bytes how many bytes the thing found holds on disk, where that is known and matters
     *              (orphaned blobs, temporary data)
     */
    record Finding(Kind kind, String subject, String detail, boolean repaired, OptionalLong bytes) {
        public Finding {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(bytes, "bytes");
        }

        /** A finding where a size says nothing. */
        public Finding(Kind kind, String subject, String detail, boolean repaired) {
            this(kind, subject, detail, repaired, OptionalLong.empty());
        }

        public enum Kind {
            /** A document, program image or thumbnail whose blob is missing. Repair: none (reported). */
            MISSING_BLOB,
            /** A blob whose size or digest differs from its metadata. Repair: none (reported). */
            CORRUPT_BLOB,
            /** A blob nothing refers to. Repair: delete it. */
            ORPHAN_BLOB,
            /**
             * Temporary data left by an interrupted write: its process is gone, or it is older than
             * the orphan grace. Repair: delete it.
             */
            STALE_TEMPORARY,
            /** An unfinished upload past its expiry. Repair: delete it and its bytes. */
            EXPIRED_UPLOAD,
            /**
             * Temporary data of a write that may still be going on: its process runs, or it is
             * younger than the orphan grace. Listed so that no byte on disk goes unaccounted for;
             * not a problem, never repaired.
             */
            TEMPORARY_IN_USE;

            /** Whether a finding of this kind is something wrong (every kind but {@link #TEMPORARY_IN_USE}). */
            public boolean isProblem() {
                return this != TEMPORARY_IN_USE;
            }
        }

        /** Whether this finding is something wrong that is still there. */
        public boolean outstanding() {
            return kind.isProblem() && !repaired;
        }
    }

    /**
     * Lists every temporary item with its size, whether garbage ({@code STALE_TEMPORARY}) or
     * possibly in use ({@code TEMPORARY_IN_USE}).
     *
     * @param verifyContent also re-read every blob and check its digest (slow: reads everything)
     * @param repair        fix what can be fixed safely
     */
    List<Finding> check(boolean verifyContent, boolean repair);
}
