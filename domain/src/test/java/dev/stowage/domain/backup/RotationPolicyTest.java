package dev.stowage.domain.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private int seq;

    @Test
    void keepLastKeepsTheNewest() {
        List<Backup> all = hourly(5);

        assertThat(RotationPolicy.keepLast(2).keep(all)).containsExactlyInAnyOrder(all.get(4).id(), all.get(3).id());
    }

    @Test
    void keepDailyKeepsTheNewestOfEachOfTheLastDays() {
        var all = new ArrayList<Backup>();
        for (int day = 0; day < 5; day++) {
            for (int h = 0; h < 3; h++) {
                all.add(backup(T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(h)), false));
            }
        }

        var kept = new RotationPolicy(0, 3, 0, 0, Optional.empty()).keep(all);

        assertThat(kept).containsExactlyInAnyOrder(all.get(14).id(), all.get(11).id(), all.get(8).id());
    }

    @Test
    void weeklyAndMonthlyUseIsoWeeksAndCalendarMonths() {
        // 2024-03-01 is a Friday: 01, 02, 03 are ISO week 9; 04 starts week 10; 2024-04-01 another month
        Backup fri = backup(Instant.parse("2024-03-01T09:00:00Z"), false);
        Backup sun = backup(Instant.parse("2024-03-03T09:00:00Z"), false);
        Backup mon = backup(Instant.parse("2024-03-04T09:00:00Z"), false);
        Backup apr = backup(Instant.parse("2024-04-01T09:00:00Z"), false);
        List<Backup> all = List.of(fri, sun, mon, apr);

        assertThat(new RotationPolicy(0, 0, 3, 0, Optional.empty()).keep(all)).containsExactlyInAnyOrder(apr.id(), mon.id(), sun.id());
        assertThat(new RotationPolicy(0, 0, 0, 2, Optional.empty()).keep(all)).containsExactlyInAnyOrder(apr.id(), mon.id());
    }

    @Test
    void keepWithinCountsBackFromTheNewestBackupNotFromNow() {
        List<Backup> all = hourly(10);

        var kept = new RotationPolicy(0, 0, 0, 0, Optional.of(Duration.ofHours(2))).keep(all);

        assertThat(kept).containsExactlyInAnyOrder(all.get(9).id(), all.get(8).id(), all.get(7).id());
    }

    @Test
    void theNewestVerifiedBackupIsAlwaysKeptAndFailedOnesAreNotJudged() {
        List<Backup> all = new ArrayList<>(hourly(4));
        Backup verifiedOld = backup(T0.minus(Duration.ofDays(30)), true);
        Backup verifiedOlder = backup(T0.minus(Duration.ofDays(60)), true);
        Backup failed = backup(T0.plus(Duration.ofDays(1)), false).withStatus(BackupStatus.FAILED);
        all.addAll(List.of(verifiedOld, verifiedOlder, failed));

        var kept = RotationPolicy.keepLast(1).keep(all);

        assertThat(kept).containsExactlyInAnyOrder(all.get(3).id(), verifiedOld.id());
    }

    @Test
    void aPolicyThatKeepsNothingOrNegativeCountsAreRefused() {
        assertThatThrownBy(() -> new RotationPolicy(0, 0, 0, 0, Optional.empty())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RotationPolicy(-1, 0, 0, 0, Optional.empty())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RotationPolicy(0, 0, 0, 0, Optional.of(Duration.ofHours(-1))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(RotationPolicy.keepLast(1).keep(List.of())).isEmpty();
    }

    private List<Backup> hourly(int n) {
        var all = new ArrayList<Backup>();
        for (int i = 0; i < n; i++) {
            all.add(backup(T0.plus(Duration.ofHours(i)), false));
        }
        return all;
    }

    private Backup backup(Instant at, boolean verified) {
        String id = String.format("01HV%022d", ++seq);
        Backup b = new Backup(new BackupId(id), at, "b", 1, "0.1.0", "10", Map.of(), 1, 1,
                Optional.of(new Sha256("a".repeat(64))), "memory", BackupStatus.COMPLETE, Optional.empty());
        return verified ? b.withVerification(new Verification(at, true, 100, "ok")) : b;
    }
}
