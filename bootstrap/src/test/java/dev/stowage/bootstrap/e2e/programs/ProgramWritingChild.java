package dev.stowage.bootstrap.e2e.programs;

import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The process {@link ProgramCrashTest} kills: opens Stowage on a data folder and, through the real
 * program service, creates programs with images (as an import does: create, then the image) and
 * changes programs made by earlier rounds (new configs, new images, restores), until it dies.
 * After each call returns it appends a line to the acknowledgement log, one {@code write} per line:
 * <ul>
 *   <li>{@code C <id>}: a program was created;</li>
 *   <li>{@code I <id> <version> <image sha256> <thumbnail sha256>}: an image was put, making that version;</li>
 *   <li>{@code V <id> <version>}: a change (config, restore) made that version.</li>
 * </ul>
 * A process kill keeps what {@code write} handed the kernel, so a complete line means the call
 * returned; a line cut short by the kill has no newline. READY_FILE appears after the first program
 * has its image, so the kill lands among writes rather than in start-up.
 *
 * <pre>ProgramWritingChild DATA_DIR ACK_LOG READY_FILE SEED</pre>
 */
public final class ProgramWritingChild {

    private ProgramWritingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path ackLog = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        var random = new SplittableRandom(seed);
        Stowage stowage = Stowage.tools(E2ePrograms.config(dataDir));
        stowage.start();
        ManageProgramsUseCase programs = E2ePrograms.programs(stowage);
        List<ProgramId> known = existing(programs);
        try (FileOutputStream log = new FileOutputStream(ackLog.toFile(), true)) {
            for (int i = 0; ; i++) {
                int action = i == 0 || known.isEmpty() ? 0 : random.nextInt(10);
                if (action < 3) {
                    // an import: the program, then its master image
                    Program p = programs.create(E2ePrograms.WRITER, draft("s" + seed + "-" + i, random));
                    ack(log, "C " + p.id());
                    known.add(p.id());
                    putImage(programs, log, p, random);
                } else {
                    Program p = programs.get(known.get(random.nextInt(known.size())));
                    if (action < 6) {
                        putImage(programs, log, p, random);
                    } else if (action < 9 || p.version() == 1) {
                        Program changed = programs.update(E2ePrograms.WRITER, p.id(), p.version(),
                                draft(p.name().value(), random));
                        ack(log, "V " + changed.id() + " " + changed.version());
                    } else {
                        Program restored = programs.restore(E2ePrograms.WRITER, p.id(), 1 + random.nextLong(p.version() - 1),
                                p.version());
                        ack(log, "V " + restored.id() + " " + restored.version());
                    }
                }
                if (i == 0) {
                    Files.createFile(ready);
                }
            }
        } catch (StowageException e) {
            // nothing else writes, so no change may fail: report it and let the test fail
            System.err.println("a program change failed: " + e);
            System.exit(3);
        }
    }

    private static void putImage(ManageProgramsUseCase programs, FileOutputStream log, Program p, SplittableRandom random)
            throws Exception {
        byte[] png = png(random);
        Sha256 sent = Sha256.of(E2ePrograms.sha256().digest(png));
        Program withImage = programs.putImage(E2ePrograms.WRITER, p.id(), p.version(), new ByteArrayInputStream(png));
        if (!withImage.image().orElseThrow().sha256().equals(sent)) {
            System.err.println("image of " + p.id() + " came back as " + withImage.image().orElseThrow().sha256() + ", sent " + sent);
            System.exit(3);
        }
        Sha256 thumbnail = E2ePrograms.digest(programs.openThumbnail(p.id()).data()).sha256();
        ack(log, "I " + p.id() + " " + withImage.version() + " " + sent.hex() + " " + thumbnail.hex());
    }

    private static void ack(FileOutputStream log, String line) throws Exception {
        log.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static List<ProgramId> existing(ManageProgramsUseCase programs) {
        var ids = new ArrayList<ProgramId>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<Program> p = programs.list(ProgramQuery.all(), page);
            p.items().forEach(program -> ids.add(program.id()));
            if (p.next().isEmpty()) {
                return ids;
            }
            page = PageRequest.after(p.next().get(), PageRequest.MAX_LIMIT);
        }
    }

    private static ProgramDraft draft(String name, SplittableRandom random) {
        String config = "{\"resolution\":[" + (640 + random.nextInt(1280)) + "," + (480 + random.nextInt(600))
                + "],\"passes\":" + random.nextInt(1, 9) + ",\"threshold\":" + random.nextInt(256) + "}";
        return new ProgramDraft(new ProgramName(name), "crash test", new JsonText(config), 1, true);
    }

    /** A PNG of noise, 40 to 640 pixels a side: tens of bytes to about a megabyte. */
    private static byte[] png(SplittableRandom random) throws Exception {
        int width = 40 + random.nextInt(600);
        int height = 40 + random.nextInt(600);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
