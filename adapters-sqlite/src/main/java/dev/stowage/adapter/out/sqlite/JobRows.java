package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;

import dev.stowage.domain.common.JsonText;
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
import org.jooq.Field;

/**
 * A job row as every queue statement selects or returns it: all of {@code jobs}' columns in table
 * order, read by position (cheaper than by label, and the order comes from the generated table).
 */
final class JobRows {
    /** The select list of every statement that reads whole jobs. */
    static final Field<?>[] COLUMNS = JOBS.fields();

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
        return JOBS.indexOf(column) + 1;
    }

    /** The job in the result set's current row. */
    static Job read(ResultSet row) throws SQLException {
        String leaseId = row.getString(LEASE_ID);
        Optional<Lease> lease = leaseId == null ? Optional.empty()
                : Optional.of(new Lease(new LeaseId(leaseId), new WorkerId(row.getString(LEASE_WORKER)),
                        Micros.instant(row.getLong(LEASE_EXPIRES_AT))));
        // stored JSON was checked when it came in; JsonText checks it again, a cost worth the guarantee
        return new Job(new JobId(row.getString(ID)), new QueueName(row.getString(QUEUE)), new JobType(row.getString(TYPE)),
                new JsonText(row.getString(PAYLOAD)), row.getInt(PRIORITY), JobState.valueOf(row.getString(STATE)),
                row.getInt(ATTEMPTS), row.getInt(MAX_ATTEMPTS), Micros.instant(row.getLong(RUN_AT)), lease,
                new Progress(row.getInt(PROGRESS_PCT), row.getString(PROGRESS_MSG)), row.getInt(CANCEL_REQUESTED) != 0,
                Optional.ofNullable(row.getString(RESULT)).map(JsonText::new), Optional.ofNullable(row.getString(LAST_ERROR)),
                Micros.instant(row.getLong(CREATED_AT)), instant(row, STARTED_AT), instant(row, FINISHED_AT),
                micros(row, ESTIMATED_DURATION).map(Micros::duration), Optional.ofNullable(row.getString(DEDUP_KEY)),
                Optional.ofNullable(row.getString(EXTERNAL_REF)));
    }

    /** Every job in the result set, which it closes. */
    static List<Job> readAll(ResultSet rows) throws SQLException {
        try (rows) {
            List<Job> jobs = new ArrayList<>();
            while (rows.next()) {
                jobs.add(read(rows));
            }
            return jobs;
        }
    }

    /** The first job in the result set, or empty; closes it. */
    static Optional<Job> readFirst(ResultSet rows) throws SQLException {
        try (rows) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    private static Optional<java.time.Instant> instant(ResultSet row, int column) throws SQLException {
        return micros(row, column).map(Micros::instant);
    }

    private static Optional<Long> micros(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
