package dev.stowage.application.port.in.queue;

import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.ThroughputBucket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Use case: look at jobs and act on single jobs. */
public interface ManageJobsUseCase {
    /** The shortest stats window: one millisecond. */
    Duration MIN_STATS_WINDOW = Duration.ofMillis(1);
    /** The longest stats window and the oldest purge age: ten years, as the retention setting allows. */
    Duration MAX_AGE = Duration.ofDays(3650);

    /** @throws dev.stowage.domain.error.NotFoundException when there is no such job */
    Job get(JobId id);

    /** History, newest first, one page at a time. */
    Page<Job> list(JobFilter filter, PageRequest page);

    /** See {@link dev.stowage.application.port.out.JobManageStore#cancel}. */
    Job cancel(JobId id);

    /** See {@link dev.stowage.application.port.out.JobManageStore#retry}. */
    Job retry(JobId id);

    /**
     * Figures over the last {@code window} for one queue or all.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when {@code window} is not between
     *         {@link #MIN_STATS_WINDOW} and {@link #MAX_AGE}
     */
    JobStats stats(Optional<QueueName> queue, Duration window);

    /**
     * Retention: deletes finished jobs older than {@code age}, in small batches so that writers are
     * never stalled.
     *
     * @return how many were deleted
     * @throws dev.stowage.domain.error.InvalidInputException when {@code age} is not between 0 and {@link #MAX_AGE}
     */
    long purgeFinishedOlderThan(Duration age);

    /** The shortest history window. */
    Duration MIN_HISTORY_WINDOW = Duration.ofMinutes(1);
    /** The longest history window. */
    Duration MAX_HISTORY_WINDOW = Duration.ofDays(31);
    /** The shortest history step. */
    Duration MIN_HISTORY_STEP = Duration.ofSeconds(1);
    /** The longest history step. */
    Duration MAX_HISTORY_STEP = Duration.ofDays(1);
    /** The most buckets one history has (a day by the minute). */
    int MAX_HISTORY_BUCKETS = 1440;

    /** Jobs per queue and state now; see {@link dev.stowage.application.port.out.JobManageStore#countsByQueue}. */
    Map<QueueName, Map<JobState, Long>> countsByQueue();

    /**
     * A queue's completed and failed jobs per {@code step} over the last {@code window}, for a chart.
     * Buckets are aligned to multiples of {@code step} since the epoch (so a chart refreshed a moment
     * later keeps its buckets), the last one holding now; there are {@code ceil(window / step)} of
     * them, oldest first, empty ones included.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when {@code window} is not between
     *     {@link #MIN_HISTORY_WINDOW} and {@link #MAX_HISTORY_WINDOW}, {@code step} not between
     *     {@link #MIN_HISTORY_STEP} and {@link #MAX_HISTORY_STEP} or longer than the window, or the
     *     window holds more than {@link #MAX_HISTORY_BUCKETS} steps
     */
    List<ThroughputBucket> history(QueueName queue, Duration window, Duration step);
}
