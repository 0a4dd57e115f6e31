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
        Sha256 mixed = new Sha256(lower.substring(0, 10).toUpperCase(Locale.ROOT) + lower.substring(10));
        assertThat(mixed.hex()).isEqualTo(lower);
        assertThat(mixed.toString()).isEqualTo(lower);
        assertThat(mixed.hashCode()).isEqualTo(new Sha256(lower).hashCode());
    }

    @Test
    void digestsOrderAsTheirHexTextDoes() {
        var random = new SplittableRandom(3);
        var digests = new java.util.ArrayList<Sha256>();
        for (int n = 0; n < 500; n++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            digest[0] = (byte) (n % 3 == 0 ? 0x80 + n % 100 : n % 100); // bytes above 0x7f sort after, not before
            digests.add(Sha256.of(digest));
        }
        var byText = new java.util.ArrayList<>(digests);
        byText.sort(java.util.Comparator.comparing(Sha256::hex));
        var byDigest = new java.util.ArrayList<>(digests);
        java.util.Collections.sort(byDigest);
        assertThat(byDigest).containsExactlyElementsOf(byText);
    }

    @Test
    void theBytesHandedOutAreACopyAndTheBytesFedOnAreTheDigests() {
        byte[] digest = new byte[32];
        new SplittableRandom(5).nextBytes(digest);
        Sha256 sha = Sha256.of(digest);
        digest[0] ^= 1;
        sha.bytes()[1] ^= 1;
        digest[0] ^= 1;
        assertThat(sha.bytes()).isEqualTo(digest);
        var md = Sha256.newDigest();
        sha.updateInto(md);
        assertThat(md.digest()).isEqualTo(Sha256.newDigest().digest(digest));
        var out = java.nio.ByteBuffer.allocate(40).putInt(7);
        sha.putInto(out);
        assertThat(Arrays.copyOfRange(out.array(), 4, 36)).isEqualTo(digest);
        assertThat(out.position()).isEqualTo(36);
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
