package dev.stowage.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.testing.contract.Bytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadBufferTest {

    @ParameterizedTest(name = "{0} bytes, limit {1}: complete {2}")
    @CsvSource({"0, 100, true", "99, 100, true", "100, 100, true", "101, 100, false", "300000, 200000, false",
            "200000, 200000, true", "65536, 70000, true"})
    void tellsWhetherTheStreamEndsWithinTheLimitAndLosesNoByte(int size, int limit, boolean complete) throws IOException {
        byte[] data = Bytes.of(size, size);
        var in = new ByteArrayInputStream(data);

        HeadBuffer head = HeadBuffer.read(in, limit);

        assertThat(head.complete()).isEqualTo(complete);
        if (complete) {
            assertThat(head.size()).isEqualTo(size);
            assertThat(Bytes.readAll(head.stream())).isEqualTo(data);
        } else {
            assertThat(head.size()).isEqualTo(limit + 1);
            assertThat(Bytes.readAll(head.followedBy(in))).isEqualTo(data);
        }
        assertThat(Bytes.readAll(head.stream())).as("the pieces were handed over, not kept").isEmpty();
    }
}
