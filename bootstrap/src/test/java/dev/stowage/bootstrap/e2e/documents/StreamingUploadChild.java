package dev.stowage.bootstrap.e2e.documents;

import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The process {@link CrashLeftoversProcessTest} kills mid-upload: opens Stowage on a data folder
 * with the shipped defaults (an orphan grace of an hour) and streams one large document from a
 * client that sends {@code READY_BYTES} and then stalls, as a slow client does. Once those bytes
 * are sent it creates READY_FILE, so the kill lands while the upload's temporary file holds them.
 *
 * <pre>StreamingUploadChild DATA_DIR READY_FILE READY_BYTES</pre>
 */
public final class StreamingUploadChild {

    private StreamingUploadChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path ready = Path.of(args[1]);
        long readyBytes = Long.parseLong(args[2]);
        Stowage stowage = Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(),
                Map.of("stowage.data-dir", dataDir.toString()))));
        stowage.start();
        stowage.instance(StoreDocumentsUseCase.class).upload(E2eDocuments.OWNER,
                UploadCommand.of(new DocumentName("large"), new FileName("large.bin"), MimeType.OCTET_STREAM),
                new StallingStream(readyBytes, ready));
        System.err.println("the upload ended, which a stalling client never lets happen");
        System.exit(3);
    }

    /** Random bytes up to a count, then a mark on disk, then a client that never sends again. */
    private static final class StallingStream extends InputStream {
        private final SplittableRandom random = new SplittableRandom(7);
        private final long limit;
        private final Path ready;
        private long sent;

        StallingStream(long limit, Path ready) {
            this.limit = limit;
            this.ready = ready;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (sent >= limit) {
                if (!Files.exists(ready)) {
                    Files.createFile(ready);
                }
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            int n = (int) Math.min(len, limit - sent);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            sent += n;
            return n;
        }
    }
}
