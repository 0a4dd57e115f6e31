package dev.stowage.domain.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobListPositionTest {
    private static final JobId ID = new JobId("01J0000000000000000000000A");

    @Test
    void aCursorReadsBackAsThePositionItWasMadeFrom() {
        for (long micros : new long[] {0, 1_893_456_000_000_001L, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            JobListPosition p = new JobListPosition(micros, ID);
            assertThat(JobListPosition.of(p.cursor())).isEqualTo(p);
        }
    }

    @Test
    void theCursorIsTheOneBothDatabaseStoresWrite() {
        String raw = "1893456000000001:" + ID.value();
        assertThat(new JobListPosition(1_893_456_000_000_001L, ID).cursor().value())
                .isEqualTo("jobs1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobs1:", "jobs1:!!!", "jobs2:MTox", "MTox", "jobs1:MTIz", "jobs1:eDox", "jobs1:OjAxSjA",
            "jobs1:Li4vLi4vZXRjL3Bhc3N3ZA", "jobs1:OTk5OTk5OTk5OTk5OTk5OTk5OTk6MDFKMDAwMDAwMDAwMDAwMDAwMDAwMDAwMEE",
            "../../etc/passwd", "<img src=x onerror=alert(1)>"})
    void malformedAndHostileCursorsAreATypedError(String value) {
        // no separator ("123"), a time that is no number ("x:1"), an empty time, a path, a time past a long
        assertThatThrownBy(() -> JobListPosition.of(new Cursor(value)))
                .isInstanceOf(InvalidInputException.class).hasMessageEndingWith("was not issued by this job listing");
    }

    @Test
    void aCursorWhoseIdIsNoJobIdIsRefused() {
        String raw = "5:" + "../../" + ID.value();
        Cursor c = new Cursor("jobs1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> JobListPosition.of(c)).isInstanceOf(InvalidInputException.class);
    }
}
