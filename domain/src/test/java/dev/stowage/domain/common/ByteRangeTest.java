package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    @Test
    void bothEndsAreInclusive() {
        assertThat(new ByteRange(0, 0).length()).isEqualTo(1);
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({"-1,5", "5,4", "-5,-1"})
    void rejectsInvalidRanges(long first, long last) {
        assertThatThrownBy(() -> new ByteRange(first, last))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(first + "-" + last);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 99, 100, 0, 99",
            "0, 1000, 100, 0, 99",
            "50, 60, 100, 50, 60",
            "99, 99, 100, 99, 99",
            "99, 500, 100, 99, 99",
            "0, 9223372036854775807, 1, 0, 0"
    })
    void clipsToTheObjectSize(long first, long last, long size, long clippedFirst, long clippedLast) {
        assertThat(new ByteRange(first, last).clip(size)).isEqualTo(new ByteRange(clippedFirst, clippedLast));
    }

    @ParameterizedTest
    @CsvSource({"100, 100, 100", "100, 200, 100", "0, 0, 0", "5, 9, 0"})
    void rejectsARangeThatStartsAtOrPastTheEnd(long first, long last, long size) {
        assertThatThrownBy(() -> new ByteRange(first, last).clip(size))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("past the end of " + size + " bytes");
    }
}
