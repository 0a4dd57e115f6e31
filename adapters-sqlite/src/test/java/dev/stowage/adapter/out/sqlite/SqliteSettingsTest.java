package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings.Synchronous;
import dev.stowage.application.settings.InvalidSettingsException;
import dev.stowage.application.settings.Violation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteSettingsTest {
    private static final Path FILE = Path.of("data", "stowage.db");

    @Test
    void defaultsAreTheRecommendedOnes() {
        SqliteSettings settings = SqliteSettings.defaults(FILE);

        assertThat(settings.databaseFile()).isAbsolute().endsWithRaw(FILE);
        assertThat(settings.synchronous()).isEqualTo(Synchronous.NORMAL);
        assertThat(settings.readPoolSize()).isEqualTo(4);
        assertThat(settings.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxBusyRetries()).isEqualTo(8);
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.migrateOnStart()).isTrue();
        assertThat(settings.walFile().getFileName()).hasToString("stowage.db-wal");
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> settings(0, Duration.ofSeconds(1), 1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readPoolSize");
        assertThatThrownBy(() -> settings(65, Duration.ofSeconds(1), 1, Duration.ofMinutes(1)))
                .hasMessageContaining("readPoolSize");
        assertThatThrownBy(() -> settings(1, Duration.ofSeconds(-1), 1, Duration.ofMinutes(1)))
                .hasMessageContaining("busyTimeout");
        assertThatThrownBy(() -> settings(1, Duration.ofDays(30), 1, Duration.ofMinutes(1)))
                .hasMessageContaining("busyTimeout");
        assertThatThrownBy(() -> settings(1, Duration.ZERO, -1, Duration.ofMinutes(1)))
                .hasMessageContaining("maxBusyRetries");
        assertThatThrownBy(() -> settings(1, Duration.ZERO, 0, Duration.ZERO))
                .hasMessageContaining("checkpointInterval");
        assertThatThrownBy(() -> new SqliteSettings(null, Synchronous.FULL, 1, Duration.ZERO, 0, Duration.ofMinutes(1),
                false)).isInstanceOf(NullPointerException.class).hasMessageContaining("databaseFile");
    }

    @Test
    void listsEveryBadComponentAtOnceWithItsValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> settings(0, Duration.ofDays(30), 101, Duration.ZERO))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.violations())
                        .extracting(Violation::message).containsExactly(
                                "readPoolSize: '0' is not a whole number between 1 and 64",
                                "busyTimeout: '30d' is not a duration between 0s and 10m",
                                "maxBusyRetries: '101' is not a whole number between 0 and 100",
                                "checkpointInterval: '0s' is not a duration between 1ms and 1d"));
    }

    @Test
    void acceptsTheEdges() {
        assertThat(settings(64, Duration.ZERO, 0, Duration.ofMillis(1)).readPoolSize()).isEqualTo(64);
    }

    private static SqliteSettings settings(int readers, Duration busyTimeout, int retries, Duration checkpoints) {
        return new SqliteSettings(FILE, Synchronous.FULL, readers, busyTimeout, retries, checkpoints, false);
    }
}
