package dev.stowage.bootstrap.e2e.backups;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The process {@link BackupCrashTest} kills. Opens Stowage on DATA_DIR (backups in BACKUP_DIR) and,
 * until it dies, repeats its MODE's work, creating READY_FILE once the first pass is done:
 * <ul>
 *   <li>{@code backup}: upload a document, take a backup;</li>
 *   <li>{@code rotate}: upload a document, take a backup, rotate keeping the last two;</li>
 *   <li>{@code restore}: restore the backups named by ARGS in turn into RESTORE_DIR, in place.</li>
 * </ul>
 *
 * <pre>BackupChild MODE DATA_DIR BACKUP_DIR READY_FILE SEED [RESTORE_DIR BACKUP_ID...]</pre>
 */
public final class BackupChild {
    static final Actor OWNER = Actor.user(new UserId("ana"));

    private BackupChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path data = Path.of(args[1]);
        Path backups = Path.of(args[2]);
        Path ready = Path.of(args[3]);
        var random = new SplittableRandom(Long.parseLong(args[4]));
        // tools: no HTTP, no housekeeping, and no hold on the data folder
        Stowage stowage = Stowage.tools(Stowage.builder().dataDir(data).set("stowage.backups.dir", backups.toString()).config());
        stowage.start();
        var service = stowage.instance(ManageBackupsUseCase.class);
        for (long pass = 0; ; pass++) {
            switch (mode) {
                case "backup" -> {
                    upload(stowage, random, args[4] + "-" + pass);
                    service.create("crash " + pass);
                }
                case "rotate" -> {
                    upload(stowage, random, args[4] + "-" + pass);
                    service.create("crash " + pass);
                    service.rotate(RotationPolicy.keepLast(2), false);
                }
                case "restore" -> {
                    Path target = Path.of(args[5]);
                    service.restore(new BackupId(args[6 + (int) (pass % (args.length - 6))]), target);
                }
                default -> throw new IllegalArgumentException(mode);
            }
            if (pass == 0) {
                Files.createFile(ready);
            }
        }
    }

    static void upload(Stowage stowage, SplittableRandom random, String name) {
        byte[] content = new byte[1024 + random.nextInt(50_000)];
        random.nextBytes(content);
        stowage.instance(StoreDocumentsUseCase.class).upload(OWNER,
                UploadCommand.of(new DocumentName("doc-" + name), new FileName("d.bin"), MimeType.OCTET_STREAM),
                new ByteArrayInputStream(content));
    }
}
