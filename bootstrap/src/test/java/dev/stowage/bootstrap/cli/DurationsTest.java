package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shortFormsAndIsoAreAccepted() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("pt30m")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void nonsenseAndNegativeDurationsAreRefusedWithTheAllowedForms() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessage(
                "'soon' is not a duration (use 30s, 5m, 2h, 7d or ISO-8601 such as PT1H)");
        assertThatThrownBy(() -> Durations.parse("5 weeks")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("-PT1H")).hasMessageContaining("negative");
    }

    @Test
    void durationsLongerThanTenYearsAreRefusedWithTheBounds() {
        assertThat(Durations.parse("3650d")).isEqualTo(Duration.ofDays(3650));
        for (String tooLong : new String[] {"3651d", "P99999999999D", "999999999999d", "PT9223372036854775807S"}) {
            assertThatThrownBy(() -> Durations.parse(tooLong))
                    .hasMessage("'" + tooLong + "' is longer than 3650d (ten years); a duration here must be from 0 to 3650d");
        }
    }

    @Test
    void formatsShortly() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofMillis(145_300))).isEqualTo("2m25.300s");
    }
}
