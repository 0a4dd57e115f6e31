package dev.stowage.application.service.backup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.stowage.domain.backup.BackupId;

/**
 * How the last backup this service took spent its time and what it wrote, for operators and the
 * benchmark. Phases overlap: the snapshot's {@code integrity_check} runs while its chunks are
 * hashed and written and the blobs copied, so their durations add up to more than {@code total}.
 *
 * @param phases          each phase's wall-clock time, in the order they started
 * @param total           the whole backup, locks and manifest included
 * @param snapshotBytes   the snapshot's size
 * @param chunkBytes      bytes of snapshot chunks this backup wrote (those the target lacked)
 * @param chunksWritten   how many chunk objects it wrote, of {@code chunks}
 * @param chunks          how many chunks the snapshot has
 * @param blobBytes       bytes of blob objects it wrote
 * @param blobsWritten    how many blob objects it wrote, of {@code blobs} distinct ones
 * @param blobs           distinct blob objects the backup names
 * @param packsWritten    how many pack objects it wrote (each holding many of the chunks written)
 * @param packs           how many packs its manifest names (those written and earlier ones it shares)
 * @param manifestBytes   the manifest's size (it lists every chunk: 40 bytes each, base64)
 * @param base            the earlier backup whose unchanged chunks this one took unread, if any
 * @param chunksRead      how many of the snapshot's chunks were read and hashed in the pass over it
 * @param chunksFromBase  how many were taken from {@code base} unread (the engine said they had not changed)
 * @param chunksSampled   how many of those were read anyway to check the engine's answer (on top of
 *                        {@code chunksRead}; a mismatch makes the pass read every chunk)
 */
public record BackupRun(Map<String, Duration> phases, Duration total, long snapshotBytes, long chunkBytes,
                        int chunksWritten, int chunks, long blobBytes, int blobsWritten, int blobs, int packsWritten,
                        int packs, long manifestBytes, Optional<BackupId> base, int chunksRead, int chunksFromBase,
                        int chunksSampled) {
    public BackupRun {
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(base, "base");
    }

    /** Bytes of objects written: chunks (in packs) and blobs; the manifest is {@link #manifestBytes}. */
    public long writtenBytes() {
        return chunkBytes + blobBytes;
    }

    /** Times phases as they end, in the order they were started. */
    static final class Timer {
        private final long start = System.nanoTime();
        private final Map<String, Duration> phases = new LinkedHashMap<>();

        /** Marks a phase's start; returns the value {@link #end} takes. */
        long begin(String phase) {
            synchronized (phases) {
                phases.putIfAbsent(phase, Duration.ZERO);
            }
            return System.nanoTime();
        }

        void end(String phase, long begun) {
            Duration d = Duration.ofNanos(System.nanoTime() - begun);
            synchronized (phases) {
                phases.merge(phase, d, Duration::plus);
            }
        }

        Map<String, Duration> phases() {
            synchronized (phases) {
                return new LinkedHashMap<>(phases);
            }
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
