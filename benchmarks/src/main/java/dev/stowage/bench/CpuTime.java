package dev.stowage.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent so far by this JVM and by a local PostgreSQL server, so that a benchmark can say
 * per job where the machine's cores went, not only how long a run took.
 *
 * <p>The server's time is read from Linux's {@code /proc}: every process named {@code postgres} (the
 * postmaster and its backends), counting user and system time plus the time of children it has
 * reaped, so a backend that exits during a run (its connection closed) still counts: the postmaster
 * takes its time over when it reaps it. Clock ticks are taken as 100 a second, the kernel's value
 * on the platforms this runs on. Where {@code /proc} cannot be read, the server's time is unknown.
 */
final class CpuTime {
    private static final double NANOS_PER_TICK = 1e9 / 100;

    /** This JVM's and the server's CPU nanoseconds at one moment; {@code server} is -1 when unknown. */
    record Sample(long jvm, long server) {
        /** Microseconds per job of each, from this sample to {@code later}, over {@code jobs} jobs. */
        double[] microsPerJob(Sample later, int jobs) {
            return new double[] {(later.jvm - jvm) / 1e3 / jobs,
                    server < 0 || later.server < 0 ? Double.NaN : (later.server - server) / 1e3 / jobs};
        }
    }

    private CpuTime() {
    }

    static Sample now() {
        return new Sample(jvm(), server());
    }

    private static long jvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long server() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> all = Files.list(proc)) {
            for (Path p : (Iterable<Path>) all.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))::iterator) {
                ticks += postgresTicks(p.resolve("stat"));
            }
        } catch (IOException e) {
            return -1;
        }
        return (long) (ticks * NANOS_PER_TICK);
    }

    /** utime + stime + cutime + cstime of a process named postgres; 0 for any other, or one gone meanwhile. */
    private static long postgresTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0;
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
            return 0;
        }
        // after the name: state is field 3, so utime (14) .. cstime (17) are the 12th..15th after it
        String[] f = line.substring(close + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}
