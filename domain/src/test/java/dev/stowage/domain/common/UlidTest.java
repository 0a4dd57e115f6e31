package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UlidTest {
    private static final long MAX_MILLIS = (1L << 48) - 1;

    @Test
    void formatsTheSmallestAndLargestIds() {
        assertThat(Ulid.format(0, 0, 0)).isEqualTo("00000000000000000000000000");
        assertThat(Ulid.format(MAX_MILLIS, 0xFFFF, -1L)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    }

    @Test
    void putsTimeInTheFirstTenCharactersAndRandomnessInTheLastSixteen() {
        assertThat(Ulid.format(0, 0xFFFF, -1L)).isEqualTo("0000000000" + "Z".repeat(16));
        assertThat(Ulid.format(MAX_MILLIS, 0, 0)).isEqualTo("7ZZZZZZZZZ" + "0".repeat(16));
        assertThat(Ulid.format(1, 0, 1)).isEqualTo("0000000001" + "0".repeat(15) + "1");
    }

    @Test
    void ignoresRandomHighBitsAboveSixteen() {
        assertThat(Ulid.format(42, 0x1_2345L, 7)).isEqualTo(Ulid.format(42, 0x2345L, 7));
    }

    @Test
    void decodesTheTimeOfTheSpecificationExample() {
        assertThat(Ulid.epochMillis("01ARYZ6S41TSV4RRFFQ69G5FAV")).isEqualTo(1469918176385L);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 31, 32, 1_469_918_176_385L, 1_714_557_600_000L, MAX_MILLIS})
    void roundTripsTheTime(long millis) {
        String id = Ulid.format(millis, 0xABCD, 0x0123_4567_89AB_CDEFL);
        assertThat(id).hasSize(Ulid.LENGTH).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(Ulid.epochMillis(id)).isEqualTo(millis);
        assertThat(Ulid.requireValid(id, "id")).isEqualTo(id);
    }

    @Test
    void laterTimesAndLargerRandomPartsSortAfter() {
        var random = new SplittableRandom(7);
        List<String> ids = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long millis = random.nextLong(MAX_MILLIS);
            long high = random.nextLong() & 0xFFFF;
            long low = random.nextLong();
            ids.add(Ulid.format(millis, high, low));
            // the 128-bit value time|high|low as an unsigned comparison key
            expected.add(String.format("%012x%04x%016x", millis, high, low));
        }
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                assertThat(Integer.signum(ids.get(i).compareTo(ids.get(j))))
                        .as("%s vs %s", ids.get(i), ids.get(j))
                        .isEqualTo(Integer.signum(expected.get(i).compareTo(expected.get(j))));
            }
        }
    }

    @Test
    void acceptsLowerCaseAndReturnsTheCanonicalForm() {
        assertThat(Ulid.requireValid("01aryz6s41tsv4rrffq69g5fav", "id")).isEqualTo("01ARYZ6S41TSV4RRFFQ69G5FAV");
        assertThat(Ulid.epochMillis("01aryz6s41tsv4rrffq69g5fav")).isEqualTo(1469918176385L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARYZ6S41TSV4RRFFQ69G5FAVX",
            "01ARZ3NDEKTSV4RRFFQ69G5FAI", "01ARZ3NDEKTSV4RRFFQ69G5FAL", "01ARZ3NDEKTSV4RRFFQ69G5FAO",
            "01ARZ3NDEKTSV4RRFFQ69G5FAU", "01ARZ3NDEKTSV4RRFFQ69G5FA-", "01ARZ3NDEKTSV4RRFFQ69G5FA ",
            "81ARZ3NDEKTSV4RRFFQ69G5FAV", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"})
    void rejectsMalformedIds(String value) {
        assertThatThrownBy(() -> Ulid.requireValid(value, "job id"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("job id");
        assertThatThrownBy(() -> Ulid.epochMillis(value)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Ulid.requireValid(null, "job id"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job id is required");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1L << 48, Long.MAX_VALUE, Long.MIN_VALUE})
    void rejectsTimesOutsideFortyEightBits(long millis) {
        assertThatThrownBy(() -> Ulid.format(millis, 0, 0)).isInstanceOf(InvalidInputException.class);
    }
}
