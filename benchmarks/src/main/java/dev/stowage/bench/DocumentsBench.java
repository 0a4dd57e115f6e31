package dev.stowage.bench;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.testing.S3Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Upload and download throughput of one large file through the document service, on the
 * filesystem backend and on S3 (a local S3Proxy), beside a raw stream copy of the same bytes to the
 * same disk with an fsync (the upload's baseline) and a raw read of a file (the download's).
 *
 * <pre>
 * java [-Xmx64m] -jar benchmarks/target/stowage-bench.jar documents [--size 1g] [--runs 3]
 *      [--backend fs|s3|both] [--dir target/bench-documents] [--s3proxy-jar benchmarks/target/s3proxy/s3proxy.jar]
 * </pre>
 */
final class DocumentsBench implements Bench.Benchmark {
    private static final Actor OWNER = Actor.user(new UserId("bench"));

    @Override
    public String description() {
        return "1 GiB upload/download through the document service (fs, S3Proxy) vs a raw stream copy";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        long size = Figures.size(opts.getOrDefault("--size", "1g"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
        String backend = opts.getOrDefault("--backend", "both");
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-documents")).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Path source = dir.resolve("source.bin");
        writeSource(source, size);

        System.out.printf("documents: %d bytes, %d runs each, max heap %d MiB, %s, load %s%n", size, runs,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version(),
                loadAverage());
        System.out.println(Figures.row("", "Stowage MB/s", "raw copy MB/s", "ratio"));
        Baseline raw = new Baseline(source, dir.resolve("raw-copy.bin"));

        if (backend.equals("fs") || backend.equals("both")) {
            measure("fs", configFor(dir.resolve("fs"), Map.of()), source, size, runs, raw);
        }
        if (backend.equals("s3") || backend.equals("both")) {
            System.setProperty("s3proxy.jar", opts.getOrDefault("--s3proxy-jar", "benchmarks/target/s3proxy/s3proxy.jar"));
            try (S3Proxy s3 = S3Proxy.start()) {
                var s3conf = new LinkedHashMap<String, String>();
                s3conf.put("stowage.blobs.backend", "s3");
                s3conf.put("stowage.blobs.s3.endpoint", s3.endpoint().toString());
                s3conf.put("stowage.blobs.s3.bucket", "bench");
                s3conf.put("stowage.blobs.s3.access-key", S3Proxy.ACCESS_KEY);
                s3conf.put("stowage.blobs.s3.secret-key", S3Proxy.SECRET_KEY);
                measure("s3 (S3Proxy on loopback)", configFor(dir.resolve("s3"), s3conf), source, size, runs, raw);
            }
        }
        deleteTree(dir);
    }

    /**
     * Each Stowage run is paired with a baseline run just before it, so that both see the same load
     * on a shared machine; the medians of each are compared.
     */
    private static void measure(String label, StowageConfig config, Path source, long size, int runs, Baseline raw)
            throws Exception {
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            StoreDocumentsUseCase store = stowage.instance(StoreDocumentsUseCase.class);
            ManageDocumentsUseCase manage = stowage.instance(ManageDocumentsUseCase.class);
            var docs = new ArrayList<Document>();
            var up = new ArrayList<Double>();
            var rawUp = new ArrayList<Double>();
            for (int i = 0; i < runs; i++) {
                rawUp.add(raw.copy());
                int n = i;
                up.addAll(Figures.time(1, () -> {
                    try (InputStream in = Files.newInputStream(source)) {
                        var cmd = UploadCommand.of(new DocumentName("bench-" + n), new FileName("source.bin"),
                                MimeType.OCTET_STREAM);
                        docs.add(store.upload(OWNER, cmd, in));
                    }
                }));
            }
            for (Document d : docs) {
                if (d.size() != size) {
                    throw new IllegalStateException("stored " + d.size() + " bytes, expected " + size);
                }
            }
            var down = new ArrayList<Double>();
            var rawDown = new ArrayList<Double>();
            raw.keepCopy();
            for (int i = 0; i < runs; i++) {
                rawDown.add(raw.read());
                Document d = docs.get(i % docs.size());
                down.addAll(Figures.time(1, () -> {
                    try (InputStream in = manage.download(OWNER, d.id(), Optional.empty()).bytes()) {
                        long read = in.transferTo(OutputStream.nullOutputStream());
                        if (read != size) {
                            throw new IllegalStateException("read " + read + " bytes, expected " + size);
                        }
                    }
                }));
            }
            raw.dropCopy();
            report(label + " upload", size, up, rawUp);
            report(label + " download", size, down, rawDown);
            for (Document doc : docs) {
                manage.delete(OWNER, doc.id(), Optional.empty());
            }
        }
    }

    private static void report(String label, long size, List<Double> stowage, List<Double> raw) {
        double s = Figures.mbps(size, Figures.median(stowage));
        double r = Figures.mbps(size, Figures.median(raw));
        System.out.println(Figures.row(label + " (median)", Figures.f1(s), Figures.f1(r), Figures.pct(s / r)));
        System.out.println(Figures.row("    runs", runs(size, stowage), runs(size, raw), ""));
    }

    private static String runs(long size, List<Double> seconds) {
        return String.join(" ", seconds.stream().map(t -> String.format(java.util.Locale.ROOT, "%.0f", Figures.mbps(size, t))).toList());
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The same bytes, the same disk, no Stowage: the figures Stowage is held to. */
    private static final class Baseline {
        private final Path source;
        private final Path copy;

        Baseline(Path source, Path copy) {
            this.source = source;
            this.copy = copy;
        }

        /** Seconds for a plain stream copy to a new file, then fsync, as a careful writer does. */
        double copy() throws Exception {
            Files.deleteIfExists(copy);
            double seconds = Figures.time(1, () -> rawCopyWithFsync(source, copy)).get(0);
            Files.delete(copy); // outside the timing: freeing a large file is not part of writing it
            return seconds;
        }

        void keepCopy() throws IOException {
            Files.deleteIfExists(copy);
            rawCopyWithFsync(source, copy);
        }

        void dropCopy() throws IOException {
            Files.deleteIfExists(copy);
        }

        /** Seconds for a plain read of the copy. */
        double read() throws Exception {
            return Figures.time(1, () -> {
                try (InputStream in = Files.newInputStream(copy)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }).get(0);
        }
    }

    private static StowageConfig configFor(Path dataDir, Map<String, String> extra) {
        var overrides = new LinkedHashMap<String, String>(extra);
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.documents.max-document-bytes", "1TiB");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    /** Incompressible bytes, written once and fsynced, so every run reads the same file. */
    static void writeSource(Path file, long size) throws IOException {
        var random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, size - written);
                ByteBuffer buf = ByteBuffer.wrap(block, 0, n);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                written += n;
            }
            ch.force(true);
        }
    }

    /** The upload baseline: a plain stream copy to a new file, then fsync, as a careful writer does. */
    static void rawCopyWithFsync(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(Channels.newOutputStream(out));
            out.force(true);
        }
    }

    static Map<String, String> options(String[] args) {
        var out = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i], args[i + 1]);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
