package dev.stowage.bootstrap.e2e.queue;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.application.worker.WorkerOptions;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker process for the end-to-end tests: {@code Stowage.tools} and a {@link WorkerRuntime} on a
 * data folder, with a handler that sleeps up to a given time and logs its execution, and an
 * acknowledgement log of every completion the store accepted.
 *
 * <p>Arguments: data dir, ack log, interval log, worker name, longest handler sleep in ms, and
 * {@code drain} (stop and exit once the queue has nothing pending or running) or {@code forever}
 * (run until killed).
 */
public final class QueueWorkerProcess {
    static final String WORKING = "WORKING";

    private QueueWorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String worker = args[3];
        int maxSleepMs = Integer.parseInt(args[4]);
        boolean drain = args[5].equals("drain");
        try (var acks = new QueueE2e.LineLog(Path.of(args[1]));
             var intervals = new QueueE2e.LineLog(Path.of(args[2]));
             Stowage s = Stowage.tools(QueueE2e.config(dataDir))) {
            s.start();
            var runtime = new WorkerRuntime(new AckingWork(s.instance(WorkJobsUseCase.class), acks),
                    s.instance(AdministerQueuesUseCase.class), s.instance(WorkSignal.class),
                    WorkerOptions.defaults(new WorkerId(worker)).withRecoveryInterval(Duration.ofMillis(200))
                            .withShutdownTimeout(Duration.ofSeconds(10)));
            runtime.register(QueueE2e.QUEUE, QueueE2e.WORK, ctx -> {
                String id = ctx.job().id() + " " + ctx.job().lease().orElseThrow().id();
                intervals.append("S " + id + " " + QueueE2e.nowMicros());
                if (maxSleepMs > 0) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(maxSleepMs + 1));
                }
                intervals.append("E " + id + " " + QueueE2e.nowMicros());
                return Optional.empty();
            });
            runtime.start();
            System.out.println(WORKING);
            System.out.flush();
            var manage = s.instance(ManageJobsUseCase.class);
            do {
                Thread.sleep(drain ? 100 : 1_000);
            } while (!drain || !QueueE2e.drained(manage));
            runtime.stop();
        }
    }

    /** Passes everything on, and logs each completion the store accepted, after it returned. */
    static final class AckingWork implements WorkJobsUseCase {
        private final WorkJobsUseCase work;
        private final QueueE2e.LineLog acks;

        AckingWork(WorkJobsUseCase work, QueueE2e.LineLog acks) {
            this.work = work;
            this.acks = acks;
        }

        @Override
        public List<Job> claim(QueueName queue, WorkerId worker, int max, Optional<Duration> lease, Duration wait)
                throws InterruptedException {
            return work.claim(queue, worker, max, lease, wait);
        }

        @Override
        public Job heartbeat(JobId job, LeaseId lease, Optional<Progress> progress) {
            return work.heartbeat(job, lease, progress);
        }

        @Override
        public Job complete(JobId job, LeaseId lease, Optional<JsonText> result) {
            Job done = work.complete(job, lease, result);
            acks.append(job.value());
            return done;
        }

        @Override
        public List<CompletionOutcome> completeAll(List<Completion> completions) {
            List<CompletionOutcome> outcomes = work.completeAll(completions);
            StringBuilder lines = new StringBuilder();
            for (CompletionOutcome o : outcomes) {
                if (o.completed().isPresent()) {
                    lines.append(lines.isEmpty() ? "" : "\n").append(o.job().value());
                }
            }
            if (!lines.isEmpty()) {
                acks.append(lines.toString());
            }
            return outcomes;
        }

        @Override
        public Job fail(JobId job, LeaseId lease, String error) {
            return work.fail(job, lease, error);
        }

        @Override
        public Job release(JobId job, LeaseId lease) {
            return work.release(job, lease);
        }
    }
}
