package dev.stowage.bench;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramName;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A master image of about 20 MB (a PNG of noise, which does not compress) uploaded to and
 * downloaded from a program through the program service on the filesystem backend, beside a raw
 * stream copy of the same file to the same disk with an fsync (the upload's baseline) and a raw
 * read of it (the download's). The upload figure includes what the service does besides storing
 * the bytes: reading the header back and decoding the image (subsampled) for its thumbnail.
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar program-images [--side 2600] [--runs 5] [--dir target/bench-program-images]
 * </pre>
 */
final class ProgramImagesBench implements Bench.Benchmark {
    private static final Actor OPERATOR = Actor.admin(new UserId("bench"));

    @Override
    public String description() {
        return "20 MB program image upload/download through the program service (fs) vs a raw stream copy";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int side = Integer.parseInt(opts.getOrDefault("--side", "2600"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "5"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-program-images")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        Path source = dir.resolve("master.png");
        writeNoisePng(source, side);
        long size = Files.size(source);

        System.out.printf("program images: a %dx%d PNG of %d bytes, %d runs each, max heap %d MiB, %s%n", side, side,
                size, runs, Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println(Figures.row("", "Stowage MB/s", "raw copy MB/s", "ratio"));

        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dir.resolve("data").toString());
        overrides.put("stowage.programs.max-image-bytes", "1GiB");
        StowageConfig config = ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
        Path rawCopy = dir.resolve("raw-copy.bin");
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            ManageProgramsUseCase programs = stowage.instance(
                    Key.get(new TypeLiteral<Optional<ManageProgramsUseCase>>() { })).orElseThrow(() ->
                    new IllegalStateException("this build's database has no program store; the bench needs one"));
            Program program = programs.create(OPERATOR, new ProgramDraft(new ProgramName("bench"), "",
                    JsonText.emptyObject(), 1, true));
            var up = new ArrayList<Double>();
            var rawUp = new ArrayList<Double>();
            for (int i = 0; i < runs; i++) {
                // paired with the Stowage run after it, so that both see the same load on a shared machine
                Files.deleteIfExists(rawCopy);
                rawUp.add(Figures.time(1, () -> DocumentsBench.rawCopyWithFsync(source, rawCopy)).get(0));
                Program before = program;
                Program[] stored = new Program[1];
                up.add(Figures.time(1, () -> {
                    try (InputStream in = Files.newInputStream(source)) {
                        stored[0] = programs.putImage(OPERATOR, before.id(), before.version(), in);
                    }
                }).get(0));
                program = stored[0];
                if (program.image().orElseThrow().size() != size) {
                    throw new IllegalStateException("stored " + program.image().get().size() + " bytes, expected " + size);
                }
            }
            var down = new ArrayList<Double>();
            var rawDown = new ArrayList<Double>();
            var thumbnails = new ArrayList<Double>();
            for (int i = 0; i < runs; i++) {
                rawDown.add(Figures.time(1, () -> {
                    try (InputStream in = Files.newInputStream(rawCopy)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }).get(0));
                Program current = program;
                down.add(Figures.time(1, () -> {
                    try (InputStream in = programs.openImage(current.id(), Optional.empty()).data()) {
                        long read = in.transferTo(OutputStream.nullOutputStream());
                        if (read != size) {
                            throw new IllegalStateException("read " + read + " bytes, expected " + size);
                        }
                    }
                }).get(0));
                thumbnails.add(Figures.time(1, () -> {
                    try (InputStream in = programs.openThumbnail(current.id()).data()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }).get(0));
            }
            report("fs image upload (with check and thumbnail)", size, up, rawUp);
            report("fs image download", size, down, rawDown);
            System.out.println(Figures.row("thumbnail download, median ms",
                    String.format(Locale.ROOT, "%.2f", Figures.median(thumbnails) * 1000), "", ""));
            programs.delete(OPERATOR, program.id(), program.version());
        }
        DocumentsBench.deleteTree(dir);
    }

    private static void report(String label, long size, List<Double> stowage, List<Double> raw) {
        double s = Figures.mbps(size, Figures.median(stowage));
        double r = Figures.mbps(size, Figures.median(raw));
        System.out.println(Figures.row(label + " (median)", Figures.f1(s), Figures.f1(r), Figures.pct(s / r)));
    }

    /** Random pixels, 3 bytes each: a 2600 x 2600 PNG is about 20 MB. Written once, fsynced by the copy runs. */
    private static void writeNoisePng(Path file, int side) throws IOException {
        var random = new SplittableRandom(20);
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IllegalStateException("no PNG writer");
        }
    }
}
