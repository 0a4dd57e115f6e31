package dev.stowage.application.port.in.document;

import java.util.List;

/**
 * Use case: compare metadata with the blob store and report (and optionally repair) what does not
 * match. Runs while the service serves.
 */
public interface CheckConsistencyUseCase {

    /** One finding. */
    record Finding(Kind kind, String subject, String detail, boolean repaired) {
        public enum Kind {
            /** A document, program image or thumbnail whose blob is missing. Repair: none (reported). */
            MISSING_BLOB,
            /** A blob whose size or digest differs from its metadata. Repair: none (reported). */
            CORRUPT_BLOB,
            /** A blob nothing refers to. Repair: delete it. */
            ORPHAN_BLOB,
            /** Temporary data left by an interrupted write. Repair: delete it. */
            STALE_TEMPORARY,
            /** An unfinished upload past its expiry. Repair: delete it and its bytes. */
            EXPIRED_UPLOAD
        }
    }

    /**
     * @param verifyContent also re-read every blob and check its digest (slow: reads everything)
     * @param repair        fix what can be fixed safely
     */
    List<Finding> check(boolean verifyContent, boolean repair);
}
