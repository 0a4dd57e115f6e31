package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.testing.contract.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelRangeInputStreamTest {
    @TempDir
    Path dir;

    @Test
    void transferToMovesExactlyTheRangeAfterWhatWasAlreadyRead() throws IOException {
        byte[] data = Bytes.of(1, 300_000);
        Path file = Files.write(dir.resolve("f"), data);
        try (var in = new ChannelRangeInputStream(FileChannel.open(file, StandardOpenOption.READ), 1000, 200_001)) {
            byte[] head = in.readNBytes(10);
            var out = new ByteArrayOutputStream();

            long moved = in.transferTo(out);

            assertThat(head).isEqualTo(Bytes.slice(data, 1000, 1010));
            assertThat(moved).isEqualTo(199_991);
            assertThat(out.toByteArray()).isEqualTo(Bytes.slice(data, 1010, 201_001));
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
