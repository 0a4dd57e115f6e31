package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.ThroughputBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the queue API. Names are camelCase, instants ISO-8601 in UTC, durations
 * ISO-8601 ({@code PT30S}), enum values lower case; absent values are left out.
 */
final class QueueViews {
    private QueueViews() {
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String duration(Optional<Duration> d) {
        return d.map(Duration::toString).orElse(null);
    }

    private static String raw(Optional<JsonText> json) {
        return json.map(JsonText::json).orElse(null);
    }

    /**
     * A lease as others see it: who holds it until when. Its id is the holder's capability to report
     * on the job, so it is shown only in the claim answer, to the worker that claimed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeaseView(String id, String worker, Instant expiresAt) {
    }

    record ProgressView(int percent, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobView(String id, String queue, String type, @JsonRawValue String payload, int priority, String state,
                   int attempts, int maxAttempts, Instant runAt, LeaseView lease, ProgressView progress,
                   boolean cancelRequested, @JsonRawValue String result, String lastError, Instant createdAt,
                   Instant startedAt, Instant finishedAt, String estimatedDuration, String actualDuration,
                   String dedupKey) {

        /** Everything but the lease id. */
        static JobView of(Job j) {
            return of(j, false);
        }

        /** With the lease id: only for the worker that just claimed the job. */
        static JobView claimed(Job j) {
            return of(j, true);
        }

        private static JobView of(Job j, boolean withLeaseId) {
            LeaseView lease = j.lease()
                    .map(l -> new LeaseView(withLeaseId ? l.id().value() : null, l.worker().value(), l.expiresAt()))
                    .orElse(null);
            return new JobView(j.id().value(), j.queue().value(), j.type().value(), j.payload().json(), j.priority(),
                    lower(j.state()), j.attempts(), j.maxAttempts(), j.runAt(), lease,
                    new ProgressView(j.progress().percent(), j.progress().message()), j.cancelRequested(),
                    raw(j.result()), j.lastError().orElse(null), j.createdAt(), j.startedAt().orElse(null),
                    j.finishedAt().orElse(null), duration(j.estimatedDuration()), duration(j.actualDuration()),
                    j.dedupKey().orElse(null));
        }
    }

    record EnqueuedView(boolean created, JobView job) {
    }

    record BackoffView(String initial, double multiplier, String max, double jitter) {
        static BackoffView of(BackoffPolicy b) {
            return new BackoffView(b.initial().toString(), b.multiplier(), b.max().toString(), b.jitter());
        }
    }

    record SettingsView(String queue, boolean paused, int maxConcurrency, int defaultMaxAttempts, BackoffView backoff,
                        String leaseDuration) {
        static SettingsView of(QueueSettings s) {
            return new SettingsView(s.queue().value(), s.paused(), s.maxConcurrency(), s.defaultMaxAttempts(),
                    BackoffView.of(s.backoff()), s.leaseDuration().toString());
        }
    }

    /** A queue as the console lists it: its settings and how many of its jobs are in each state. */
    record QueueView(String queue, boolean paused, int maxConcurrency, int defaultMaxAttempts, BackoffView backoff,
                     String leaseDuration, Map<String, Long> counts) {
        static QueueView of(QueueSettings s, Map<JobState, Long> counts) {
            return new QueueView(s.queue().value(), s.paused(), s.maxConcurrency(), s.defaultMaxAttempts(),
                    BackoffView.of(s.backoff()), s.leaseDuration().toString(), byState(counts));
        }
    }

    /** Every state, lower case, in the enum's order; a state without jobs is 0. */
    static Map<String, Long> byState(Map<JobState, Long> counts) {
        var out = new LinkedHashMap<String, Long>();
        for (JobState state : JobState.values()) {
            out.put(lower(state), counts.getOrDefault(state, 0L));
        }
        return out;
    }

    record BucketView(Instant start, long completed, long failed) {
    }

    record HistoryView(String queue, String window, String step, List<BucketView> buckets) {
        static HistoryView of(QueueName queue, Duration window, Duration step, List<ThroughputBucket> buckets) {
            return new HistoryView(queue.value(), window.toString(), step.toString(),
                    buckets.stream().map(b -> new BucketView(b.start(), b.completed(), b.failed())).toList());
        }
    }

    /** A bulk action's answer; {@code changed} and {@code skipped} are left out of a dry run's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BulkView(String action, long matched, Long changed, Long skipped) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatsView(String queue, Instant windowStart, Instant windowEnd, Map<String, Long> counts,
                     long finishedInWindow, long completedInWindow, double throughputPerSecond, String meanDuration,
                     String p95Duration, Double successRate) {
        static StatsView of(JobStats s) {
            return new StatsView(s.queue().map(q -> q.value()).orElse(null), s.windowStart(), s.windowEnd(),
                    byState(s.countsByState()),
                    s.finishedInWindow(), s.completedInWindow(), s.throughputPerSecond(), duration(s.meanDuration()),
                    duration(s.p95Duration()), s.successRate().orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TemplateView(String name, String description, String queue, String type, @JsonRawValue String payload,
                        int priority, Integer maxAttempts, String estimatedDuration, String createdBy,
                        Instant createdAt, Instant updatedAt) {
        static TemplateView of(JobTemplate t) {
            return new TemplateView(t.name().value(), t.description(), t.queue().value(), t.type().value(),
                    t.payload().json(), t.priority(), t.maxAttempts().orElse(null), duration(t.estimatedDuration()),
                    t.createdBy().orElse(null), t.createdAt(), t.updatedAt());
        }
    }

    record RecoveryView(int requeued, int failed, int cancelled) {
    }

    record PurgedView(long deleted) {
    }
}
