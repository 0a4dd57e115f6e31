package dev.stowage.domain.backup;

import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which complete backups to keep, in the manner of restic's {@code forget}: the newest
 * {@code keepLast}; the newest of each of the last {@code keepDaily} days, {@code keepWeekly} ISO
 * weeks and {@code keepMonthly} months that have a backup (calendar periods in UTC); and every
 * backup taken within {@code keepWithin} of the newest one (measured from the newest backup rather
 * than from now, so a target that has not been written to for a while is not emptied). A backup
 * kept by any rule is kept. Zero turns a rule off; at least one rule must be on.
 *
 * <p>Whatever the rules say, the newest complete backup whose last verify passed is kept.
 */
public record RotationPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly,
                             Optional<Duration> keepWithin) {
    /** The most backups one rule may keep. */
    public static final int MAX_KEEP = 100_000;

    public RotationPolicy {
        for (int n : new int[] {keepLast, keepDaily, keepWeekly, keepMonthly}) {
            dev.stowage.domain.common.Checks.range(n, 0, MAX_KEEP, "backups to keep");
        }
        Objects.requireNonNull(keepWithin, "keepWithin");
        if (keepWithin.isPresent() && keepWithin.get().isNegative()) {
            throw new InvalidInputException("keep-within must not be negative");
        }
        if (keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && keepWithin.isEmpty()) {
            throw new InvalidInputException("a rotation policy needs at least one of keep-last, keep-daily, keep-weekly, "
                    + "keep-monthly or keep-within");
        }
    }

    public static RotationPolicy keepLast(int n) {
        return new RotationPolicy(n, 0, 0, 0, Optional.empty());
    }

    /**
     * Of {@code backups}, the ids to keep. Only COMPLETE backups are judged; others are neither
     * kept nor returned (the caller decides what to do with failed or unfinished ones).
     */
    public Set<BackupId> keep(List<Backup> backups) {
        List<Backup> complete = backups.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETE)
                .sorted(Comparator.comparing(Backup::createdAt).thenComparing(Backup::id).reversed())
                .toList();
        var kept = new LinkedHashSet<BackupId>();
        complete.stream().limit(keepLast).forEach(b -> kept.add(b.id()));
        keepNewestPerPeriod(complete, keepDaily, b -> day(b.createdAt()), kept);
        keepNewestPerPeriod(complete, keepWeekly, b -> {
            LocalDate d = day(b.createdAt());
            return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, kept);
        keepNewestPerPeriod(complete, keepMonthly, b -> {
            LocalDate d = day(b.createdAt());
            return d.getYear() * 100L + d.getMonthValue();
        }, kept);
        if (keepWithin.isPresent() && !complete.isEmpty()) {
            Instant from = complete.get(0).createdAt().minus(keepWithin.get());
            complete.stream().filter(b -> !b.createdAt().isBefore(from)).forEach(b -> kept.add(b.id()));
        }
        complete.stream().filter(Backup::verifiedGood).findFirst().ifPresent(b -> kept.add(b.id()));
        return kept;
    }

    private static void keepNewestPerPeriod(List<Backup> newestFirst, int periods, Function<Backup, Object> period,
                                            Set<BackupId> kept) {
        var seen = new HashSet<Object>();
        for (Backup b : newestFirst) {
            if (seen.size() >= periods) {
                return;
            }
            if (seen.add(period.apply(b))) {
                kept.add(b.id());
            }
        }
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
