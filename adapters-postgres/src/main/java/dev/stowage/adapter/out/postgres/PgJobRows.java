package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.Lease;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A {@code jobs} row as every queue statement selects or returns it: {@link #COLUMNS}, read by position. */
final class PgJobRows {
    /** The columns of a whole job, in the order {@link #read} takes them. */
    static final String COLUMNS = "id, queue, type, payload, priority, state, attempts, max_attempts, run_at, "
            + "lease_id, lease_worker, lease_expires_at, progress_pct, progress_msg, cancel_requested, result, "
            + "last_error, created_at, started_at, finished_at, estimated_duration, dedup_key, external_ref";

    /** What a batch completion returns of each job: {@link CompletedJob}'s fields. */
    static final String COMPLETED_COLUMNS = "id, queue, type, attempts, started_at, finished_at";

    private PgJobRows() {
    }

    static Job read(ResultSet r) throws SQLException {
        return read(r, 0);
    }

    /** The job in the row's columns after the first {@code skip}, in {@link #COLUMNS}' order. */
    static Job read(ResultSet r, int skip) throws SQLException {
        int k = skip;
        String leaseId = r.getString(k + 10);
        Optional<Lease> lease = leaseId == null ? Optional.empty()
                : Optional.of(new Lease(new LeaseId(leaseId), new WorkerId(r.getString(k + 11)),
                        EpochTime.instantOfMicros(r.getLong(k + 12))));
        String result = r.getString(k + 16);
        Long started = Sql.longOrNull(r, k + 19);
        Long finished = Sql.longOrNull(r, k + 20);
        Long estimated = Sql.longOrNull(r, k + 21);
        return new Job(new JobId(r.getString(k + 1)), new QueueName(r.getString(k + 2)), new JobType(r.getString(k + 3)),
                new JsonText(r.getString(k + 4)), r.getInt(k + 5), JobState.valueOf(r.getString(k + 6)), r.getInt(k + 7),
                r.getInt(k + 8), EpochTime.instantOfMicros(r.getLong(k + 9)), lease, new Progress(r.getInt(k + 13), r.getString(k + 14)),
                r.getBoolean(k + 15), Optional.ofNullable(result).map(JsonText::new), Optional.ofNullable(r.getString(k + 17)),
                EpochTime.instantOfMicros(r.getLong(k + 18)), Optional.ofNullable(started).map(EpochTime::instantOfMicros),
                Optional.ofNullable(finished).map(EpochTime::instantOfMicros), Optional.ofNullable(estimated).map(EpochTime::durationOfMicros),
                Optional.ofNullable(r.getString(k + 22)), Optional.ofNullable(r.getString(k + 23)));
    }

    static CompletedJob readCompleted(ResultSet r) throws SQLException {
        return new CompletedJob(new JobId(r.getString(1)), new QueueName(r.getString(2)), new JobType(r.getString(3)),
                r.getInt(4), EpochTime.instantOfMicros(r.getLong(5)), EpochTime.instantOfMicros(r.getLong(6)));
    }
}
