package dev.stowage.bootstrap.config;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The in-process workers of a service ({@code stowage.workers.*}): which queues its job handler
 * plugins serve (see {@link dev.stowage.application.worker.JobHandlerPlugin}), where plugins are
 * found, and how the worker runtime runs them.
 *
 * @param queues          the queues served in this process, each {@code NAME} or {@code NAME:N}, where
 *                        {@code N} is the most jobs of that queue this process runs at once (the
 *                        queue's max concurrency still bounds all its workers together); empty runs
 *                        no in-process worker: {@link #QUEUE_LIMIT}
 * @param pluginsDir      a folder whose {@code *.jar} files are searched for plugins besides the class
 *                        path; empty for the class path alone
 * @param name            the worker name recorded on the jobs this process runs; empty for
 *                        {@code serve-<pid>}
 * @param threads         how many handlers run at once, or 0 for a thread per running job
 *                        ({@link dev.stowage.application.worker.WorkerOptions#threads()}): {@link #THREADS}
 * @param shutdownTimeout how long a stop waits for running handlers before it gives their jobs back:
 *                        {@link #SHUTDOWN_TIMEOUT}
 */
public record WorkerSettings(List<String> queues, Optional<Path> pluginsDir, String name, int threads,
                             Duration shutdownTimeout) {
    public static final Allowed.Whole QUEUE_LIMIT = Allowed.whole(1, QueueSettings.MAX_CONCURRENCY_LIMIT);
    public static final Allowed.Whole THREADS = Allowed.whole(0, 4096);
    public static final Allowed.Span SHUTDOWN_TIMEOUT = Allowed.span(Duration.ZERO, Duration.ofMinutes(10));
    static final String NOT_A_QUEUE = "is not NAME or NAME:N, a queue name (1-64 of letters, digits, spaces,"
            + " '.', '_' and '-', starting with a letter or digit) with an optional most jobs at once N, "
            + QUEUE_LIMIT.description();

    /** One queue served in this process, with the most of its jobs that run here at once when limited. */
    public record ServedQueue(QueueName queue, OptionalInt limit) {
        public ServedQueue {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(limit, "limit");
        }
    }

    public WorkerSettings {
        queues = List.copyOf(queues);
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        var check = SettingsCheck.of(WorkerSettings.class);
        Set<QueueName> seen = new HashSet<>();
        for (String entry : queues) {
            Optional<ServedQueue> served = parse(entry);
            check.that(served.isPresent(), "queues", entry, NOT_A_QUEUE);
            served.ifPresent(s -> check.that(seen.add(s.queue()), "queues", entry, "names a queue listed twice"));
        }
        check.that(name.isEmpty() || workerId(name).isPresent(), "name", name,
                "is not a worker name: 1-128 of letters, digits, '.', '_' and '-' starting with a letter or digit, or empty for serve-<pid>");
        check.in("threads", threads, THREADS)
                .in("shutdownTimeout", shutdownTimeout, SHUTDOWN_TIMEOUT)
                .done();
    }

    /** No in-process workers; plugins only from the class path. */
    public static WorkerSettings none() {
        return new WorkerSettings(List.of(), Optional.empty(), "", 0, Duration.ofSeconds(30));
    }

    /** The queues served in this process, in the order listed. */
    public List<ServedQueue> served() {
        var served = new ArrayList<ServedQueue>();
        for (String entry : queues) {
            served.add(parse(entry).orElseThrow());
        }
        return served;
    }

    /** The worker name recorded on the jobs this process runs. */
    public WorkerId worker() {
        return name.isEmpty() ? new WorkerId("serve-" + ProcessHandle.current().pid()) : new WorkerId(name);
    }

    private static Optional<ServedQueue> parse(String entry) {
        int colon = entry.lastIndexOf(':');
        String queue = (colon < 0 ? entry : entry.substring(0, colon)).strip();
        OptionalInt limit = OptionalInt.empty();
        if (colon >= 0) {
            String number = entry.substring(colon + 1).strip();
            if (!number.matches("[0-9]{1,9}") || !QUEUE_LIMIT.contains(Long.parseLong(number))) {
                return Optional.empty();
            }
            limit = OptionalInt.of(Integer.parseInt(number));
        }
        try {
            return Optional.of(new ServedQueue(new QueueName(queue), limit));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Optional<WorkerId> workerId(String name) {
        try {
            return Optional.of(new WorkerId(name));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }
}
