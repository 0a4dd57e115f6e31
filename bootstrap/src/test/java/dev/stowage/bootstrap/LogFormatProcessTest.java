package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every log line of {@code stowage serve} comes out in the one format of the shipped
 * {@code logback.xml}, including the lines of the application layer, which logs through
 * {@link System.Logger} (it may not depend on SLF4J) and so through java.util.logging, whose own
 * console format is two lines per record. The lease recovery at start-up is such a line.
 */
class LogFormatProcessTest {
    /** {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} - %msg}, as logback.xml writes it. */
    private static final Pattern LOGBACK_LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ - .*");
    /** The first line of java.util.logging's SimpleFormatter: "Dec 06, 2026 4:22:29 AM logger method". */
    private static final Pattern JUL_HEADER = Pattern.compile("[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} .*");
    /** The second line: "INFO: message". */
    private static final Pattern JUL_MESSAGE = Pattern.compile("(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*");

    @TempDir
    Path dir;

    @Test
    void theLeaseRecoveryLineComesOutInLogbacksFormatAndNothingInJuls() throws Exception {
        Path dataDir = dir.resolve("data");
        leaveAJobWithAnExpiredLease(dataDir);

        ServeProcess serve = ServeProcess.start(dataDir, dir.resolve("stderr.txt"));
        Process process = serve.process;
        try (serve) {
            serve.awaitServingPort();
            // the first lease recovery runs just after start-up, on a thread of its own
            serve.awaitStderr("recovered expired leases");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(process.exitValue()).as(serve.stderr()).isZero();
        }

        String stderr = serve.stderr();
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(stderr)
                .anySatisfy(l -> assertThat(l).matches(LOGBACK_LINE).contains("QueueMaintenance - recovered expired leases: 1 requeued"))
                .noneSatisfy(l -> assertThat(l).matches(JUL_HEADER))
                .noneSatisfy(l -> assertThat(l).matches(JUL_MESSAGE));
        // stack traces aside, every line is one of logback's
        assertThat(lines).as(stderr).filteredOn(l -> !l.startsWith("\t") && !l.startsWith("Caused by"))
                .allSatisfy(l -> assertThat(l).matches(LOGBACK_LINE));
    }

    /** A job claimed with the shortest lease there is, by a worker that then vanished. */
    private static void leaveAJobWithAnExpiredLease(Path dataDir) throws InterruptedException {
        try (Stowage stowage = Stowage.builder().dataDir(dataDir).withoutHousekeeping().build()) {
            stowage.start();
            QueueName queue = new QueueName("renders");
            stowage.instance(EnqueueJobsUseCase.class)
                    .enqueue(EnqueueCommand.of(queue, new JobType("render"), JsonText.emptyObject()));
            Job claimed = stowage.instance(WorkJobsUseCase.class)
                    .claim(queue, new WorkerId("vanished"), 1, Optional.of(Duration.ofMillis(100)), Duration.ZERO).get(0);
            Instant expires = claimed.lease().orElseThrow().expiresAt();
            while (!Instant.now().isAfter(expires)) {
                Thread.sleep(20); // waits for the lease to run out; nothing is measured
            }
        }
    }
}
