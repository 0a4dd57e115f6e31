package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stowage.application.port.in.backup.RotationResult;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.common.Sha256;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the backups API; the same fields as {@code stowage backup show --json}. */
final class BackupViews {
    private BackupViews() {
    }

    /** The outcome of a verify: {@code detail} is {@code ok} or the first problems found. */
    record VerificationView(Instant at, boolean ok, int samplePercent, String detail) {
        static VerificationView of(Verification v) {
            return new VerificationView(v.at(), v.ok(), v.samplePercent(), v.detail());
        }
    }

    /**
     * One backup. {@code manifestSha256} is null until complete, {@code lastVerification} until the
     * first verify (and then left out); {@code archive} is where the complete backup downloads.
     *
     * @param status {@code complete}, {@code in_progress} or {@code failed}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BackupView(String id, Instant createdAt, String label, String status, int formatVersion, String appVersion,
                      String schemaVersion, Map<String, Long> counts, long totalBytes, long writtenBytes,
                      String manifestSha256, String location, VerificationView lastVerification, String archive) {
        static BackupView of(Backup b) {
            return new BackupView(b.id().value(), b.createdAt(), b.label(), b.status().name().toLowerCase(Locale.ROOT),
                    b.formatVersion(), b.appVersion(), b.schemaVersion(), new TreeMap<>(b.counts()), b.totalBytes(),
                    b.writtenBytes(), b.manifestSha256().map(Sha256::hex).orElse(null), b.location(),
                    b.lastVerification().map(VerificationView::of).orElse(null), BackupRoutes.archivePath(b.id()));
        }
    }

    /**
     * What a rotation kept and deleted, or in a dry run would delete.
     *
     * @param objectsLeft true when objects were left for the next rotation because a backup was
     *                    being written at the target meanwhile
     */
    record RotationView(boolean dryRun, List<BackupView> kept, List<BackupView> deleted, long objectsDeleted,
                        long bytesFreed, boolean objectsLeft) {
        static RotationView of(RotationResult r) {
            return new RotationView(r.dryRun(), r.kept().stream().map(BackupView::of).toList(),
                    r.deleted().stream().map(BackupView::of).toList(), r.objectsDeleted(), r.bytesFreed(),
                    r.objectsLeft());
        }
    }
}
