package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A job row as every queue statement selects or returns it: all of {@code jobs}' columns in table
 * order, packed by SQLite into one JSON array ({@link #PACKED}) and unpacked here by position.
 *
 * <p>Why packed: sqlite-jdbc pays a native call, a lock and a string conversion for every column it
 * reads, and a job has 24; a claim of 100 jobs read 2,400 columns. One text column per row costs one
 * such call, and the flat array (strings, integers and nulls only) is read by {@link PackedRow}.
 */
final class JobRows {
    private static final Field<?>[] COLUMNS = JOBS.fields();

    /** The one column of every statement that reads whole jobs: all columns, as a JSON array. */
    static final Field<String> PACKED = DSL.function("json_array", SQLDataType.VARCHAR, COLUMNS);

    private static final int ID = at(JOBS.ID);
    private static final int QUEUE = at(JOBS.QUEUE);
    private static final int TYPE = at(JOBS.TYPE);
    private static final int PAYLOAD = at(JOBS.PAYLOAD);
    private static final int PRIORITY = at(JOBS.PRIORITY);
    private static final int STATE = at(JOBS.STATE);
    private static final int ATTEMPTS = at(JOBS.ATTEMPTS);
    private static final int MAX_ATTEMPTS = at(JOBS.MAX_ATTEMPTS);
    private static final int RUN_AT = at(JOBS.RUN_AT);
    private static final int LEASE_ID = at(JOBS.LEASE_ID);
    private static final int LEASE_WORKER = at(JOBS.LEASE_WORKER);
    private static final int LEASE_EXPIRES_AT = at(JOBS.LEASE_EXPIRES_AT);
    private static final int PROGRESS_PCT = at(JOBS.PROGRESS_PCT);
    private static final int PROGRESS_MSG = at(JOBS.PROGRESS_MSG);
    private static final int CANCEL_REQUESTED = at(JOBS.CANCEL_REQUESTED);
    private static final int RESULT = at(JOBS.RESULT);
    private static final int LAST_ERROR = at(JOBS.LAST_ERROR);
    private static final int CREATED_AT = at(JOBS.CREATED_AT);
    private static final int STARTED_AT = at(JOBS.STARTED_AT);
    private static final int FINISHED_AT = at(JOBS.FINISHED_AT);
    private static final int ESTIMATED_DURATION = at(JOBS.ESTIMATED_DURATION);
    private static final int DEDUP_KEY = at(JOBS.DEDUP_KEY);
    private static final int EXTERNAL_REF = at(JOBS.EXTERNAL_REF);

    private JobRows() {
    }

    private static int at(Field<?> column) {
        return JOBS.indexOf(column);
    }

    /** The job in the result set's current row, whose first column is {@link #PACKED}. */
    static Job read(ResultSet row) throws SQLException {
        return unpack(row.getString(1));
    }

    /** The job in one {@link #PACKED} value. */
    static Job unpack(String packed) {
        Object[] v = PackedRow.parse(packed, COLUMNS.length);
        String leaseId = (String) v[LEASE_ID];
        Optional<Lease> lease = leaseId == null ? Optional.empty()
                : Optional.of(new Lease(new LeaseId(leaseId), new WorkerId((String) v[LEASE_WORKER]),
                        EpochTime.instantOfMicros(num(v, LEASE_EXPIRES_AT))));
        // stored JSON was checked when it came in; JsonText checks it again, a cost worth the guarantee
        return new Job(new JobId((String) v[ID]), new QueueName((String) v[QUEUE]), new JobType((String) v[TYPE]),
                new JsonText((String) v[PAYLOAD]), (int) num(v, PRIORITY), JobState.valueOf((String) v[STATE]),
                (int) num(v, ATTEMPTS), (int) num(v, MAX_ATTEMPTS), EpochTime.instantOfMicros(num(v, RUN_AT)), lease,
                new Progress((int) num(v, PROGRESS_PCT), (String) v[PROGRESS_MSG]), num(v, CANCEL_REQUESTED) != 0,
                Optional.ofNullable((String) v[RESULT]).map(JsonText::new), Optional.ofNullable((String) v[LAST_ERROR]),
                EpochTime.instantOfMicros(num(v, CREATED_AT)), micros(v, STARTED_AT).map(EpochTime::instantOfMicros),
                micros(v, FINISHED_AT).map(EpochTime::instantOfMicros), micros(v, ESTIMATED_DURATION).map(EpochTime::durationOfMicros),
                Optional.ofNullable((String) v[DEDUP_KEY]), Optional.ofNullable((String) v[EXTERNAL_REF]));
    }

    private static long num(Object[] values, int column) {
        return (Long) values[column];
    }

    private static Optional<Long> micros(Object[] values, int column) {
        return Optional.ofNullable((Long) values[column]);
    }

    /** What a batch completion returns of each job: {@link CompletedJob}'s fields, as a JSON array. */
    static final Field<String> COMPLETED_PACKED = DSL.function("json_array", SQLDataType.VARCHAR, JOBS.ID, JOBS.QUEUE,
            JOBS.TYPE, JOBS.ATTEMPTS, JOBS.STARTED_AT, JOBS.FINISHED_AT);

    /** Every completed-job summary in the result set (of {@link #COMPLETED_PACKED}), which it closes. */
    static List<CompletedJob> readAllCompleted(ResultSet rows) throws SQLException {
        return readAll(rows, packed -> {
            Object[] v = PackedRow.parse(packed, 6);
            return new CompletedJob(new JobId((String) v[0]), new QueueName((String) v[1]), new JobType((String) v[2]),
                    (int) num(v, 3), EpochTime.instantOfMicros(num(v, 4)), EpochTime.instantOfMicros(num(v, 5)));
        });
    }

    /** Every job in the result set, which it closes. */
    static List<Job> readAll(ResultSet rows) throws SQLException {
        return readAll(rows, JobRows::unpack);
    }

    /** Every row of a result set whose first column is one packed value, unpacked; closes the set. */
    private static <T> List<T> readAll(ResultSet rows, Function<String, T> unpack) throws SQLException {
        try (rows) {
            List<T> all = new ArrayList<>();
            while (rows.next()) {
                all.add(unpack.apply(rows.getString(1)));
            }
            return all;
        }
    }

    /** The first job in the result set, or empty; closes it. */
    static Optional<Job> readFirst(ResultSet rows) throws SQLException {
        try (rows) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }
}
