package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void aDigestsBytesBecomeLowercaseHexAndBack() {
        var random = new SplittableRandom(7);
        for (int n = 0; n < 1000; n++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            Sha256 sha = Sha256.of(digest);
            assertThat(sha.hex()).isEqualTo(HexFormat.of().formatHex(digest));
            assertThat(sha.bytes()).isEqualTo(digest);
        }
    }

    @Test
    void aDigestIsReadFromItsPlaceInALargerBuffer() {
        byte[] records = new byte[80];
        for (int i = 0; i < records.length; i++) {
            records[i] = (byte) (i * 7);
        }
        byte[] second = Arrays.copyOfRange(records, 40, 72);
        assertThat(Sha256.of(records, 40)).isEqualTo(Sha256.of(second));
        assertThatThrownBy(() -> Sha256.of(records, 49)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Sha256.of(records, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void uppercaseHexIsTakenAsLowercase() {
        String lower = Sha256.digest("x".getBytes(StandardCharsets.UTF_8)).hex();
        assertThat(new Sha256(lower.toUpperCase(Locale.ROOT))).isEqualTo(new Sha256(lower));
    }

    @Test
    void textThatIsNoDigestIsRefused() {
        String ok = "0".repeat(64);
        for (String bad : new String[] {"", ok.substring(1), ok + "0", "g" + ok.substring(1), " " + ok.substring(1),
                "\u0660" + ok.substring(1)}) {
            assertThatThrownBy(() -> new Sha256(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> Sha256.of(new byte[31])).isInstanceOf(InvalidInputException.class);
    }
}
