package dev.stowage.bootstrap;

import dev.stowage.application.worker.JobHandlerPlugin;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A job handler plugin for the tests of {@code serve}'s in-process workers, packed into a plugin
 * jar by {@link PluginJars}. It handles jobs of type {@code work} on the queue named by the
 * environment variable {@value #QUEUE}, and appends a line to the file named by {@value #RUNS}
 * when a run starts and when it ends: {@code start|end JOB LEASE WORKER NANOS}. Each line is one
 * write to a file opened for appending, so it is on its way to the disk before the handler goes on,
 * and a process killed with SIGKILL leaves every line it wrote. {@link System#nanoTime()} is the
 * operating system's monotonic clock on Linux, one for every process of the machine, so the times
 * of several processes compare. The job's result names the lease it ran under, as the remote
 * workers of the tests do.
 */
public final class RecordingPlugin implements JobHandlerPlugin {
    public static final String QUEUE = "RECORDING_PLUGIN_QUEUE";
    public static final String RUNS = "RECORDING_PLUGIN_RUNS";
    public static final String TYPE = "work";

    /** One line of a runs file. */
    public record Run(boolean start, String job, String lease, String worker, long nanos) {
        /** Reads {@code start|end JOB LEASE WORKER NANOS}. */
        static Run parse(String line) {
            String[] f = line.split(" ");
            if (f.length != 5 || !(f[0].equals("start") || f[0].equals("end"))) {
                throw new IllegalArgumentException("not a run record: " + line);
            }
            return new Run(f[0].equals("start"), f[1], f[2], f[3], Long.parseLong(f[4]));
        }

        /** Every record of a runs file; a last line cut by a kill is left out. */
        public static List<Run> read(Path file) throws IOException {
            String text = java.nio.file.Files.readString(file);
            int complete = text.lastIndexOf('\n') + 1;
            return text.substring(0, complete).lines().map(Run::parse).toList();
        }
    }

    @Override
    public void register(Handlers handlers) {
        String queue = required(QUEUE);
        FileChannel runs;
        try {
            runs = FileChannel.open(Path.of(required(RUNS)), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the runs file", e);
        }
        handlers.handle(queue, TYPE, context -> {
            Job job = context.job();
            var lease = job.lease().orElseThrow();
            String held = job.id() + " " + lease.id() + " " + lease.worker();
            append(runs, "start " + held + " " + System.nanoTime() + "\n");
            // a lease id (a ULID) and a worker name need no escaping in JSON
            JsonText result = JsonText.of("{\"lease\":\"" + lease.id() + "\",\"worker\":\"" + lease.worker()
                    + "\",\"inProcess\":true}");
            append(runs, "end " + held + " " + System.nanoTime() + "\n");
            return Optional.of(result);
        });
    }

    private static void append(FileChannel runs, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            runs.write(bytes); // O_APPEND: each write lands whole at the end, whichever thread makes it
        }
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the environment variable " + variable + " is not set");
        }
        return value;
    }
}
