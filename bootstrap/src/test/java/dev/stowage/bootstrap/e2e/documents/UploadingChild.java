package dev.stowage.bootstrap.e2e.documents;

import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The process {@link DocumentCrashTest} kills: opens Stowage on a data folder and uploads documents
 * of random sizes until it dies, appending {@code <id> <sha256> <size>} to the acknowledgement log
 * after each upload returns, and creating READY_FILE after the first. A process kill keeps what {@code write} handed the kernel, so a line
 * in the log means the upload was acknowledged; a line cut short by the kill has no newline.
 *
 * <pre>UploadingChild DATA_DIR ACK_LOG READY_FILE SEED</pre>
 */
public final class UploadingChild {
    private static final int MIN_SIZE = 1024;
    private static final int MAX_SIZE = 3 * 1024 * 1024;

    private UploadingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path ackLog = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        var random = new SplittableRandom(seed);
        Stowage stowage = Stowage.tools(E2eDocuments.config(dataDir));
        stowage.start();
        StoreDocumentsUseCase store = stowage.instance(StoreDocumentsUseCase.class);
        try (FileOutputStream log = new FileOutputStream(ackLog.toFile(), true)) {
            for (int i = 0; ; i++) {
                // sizes spread evenly over the orders of magnitude between 1 KiB and 3 MiB
                int size = (int) Math.exp(random.nextDouble(Math.log(MIN_SIZE), Math.log(MAX_SIZE)));
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                Sha256 sha = Sha256.of(E2eDocuments.sha256().digest(bytes));
                Document doc = store.upload(E2eDocuments.OWNER, UploadCommand.of(
                        new DocumentName("s" + seed + "-" + i), new FileName("f.bin"), MimeType.OCTET_STREAM),
                        new ByteArrayInputStream(bytes));
                if (!doc.sha256().equals(sha) || doc.size() != size) {
                    System.err.println("upload " + i + " came back as " + doc.size() + " bytes " + doc.sha256()
                            + ", sent " + size + " bytes " + sha);
                    System.exit(3);
                }
                // one write per line, so a kill cuts at most the last line
                log.write((doc.id() + " " + sha.hex() + " " + size + "\n").getBytes(StandardCharsets.US_ASCII));
                if (i == 0) {
                    // ready once the first upload has loaded every class an upload needs, so the
                    // kill that follows lands among uploads rather than in start-up
                    Files.createFile(ready);
                }
            }
        }
    }
}
