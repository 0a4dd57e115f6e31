package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The listing order (migration V3's {@code job_order}): a database that already holds jobs when it
 * is upgraded lists every one of them, newest first, and afterwards the table holds exactly one row
 * per job, whoever inserts, deletes or truncates.
 */
class PgJobOrderTest {
    private static final QueueName QUEUE = new QueueName("media");

    @Test
    void jobsOfADatabaseUpgradedFromVersion2AreListedAndTheOrderFollowsEveryChange() throws SQLException {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("job_order_upgrade");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(PgMigrations.LOCATION)
                .target("2").load().migrate();
        List<String> before = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                String id = String.format("01J0000000000000000000000%d", i);
                before.add(0, id);
                s.execute("INSERT INTO jobs (id, queue, type, payload, priority, state, attempts, max_attempts, run_at,"
                        + " created_at) VALUES ('" + id + "', '" + (i % 2 == 0 ? "media" : "mail") + "', 'render', '{}',"
                        + " 0, 'PENDING', 0, 1, " + (1_000_000L * i) + ", " + (1_000_000L * i) + ")");
            }
        }

        PgEngine engine = new PgEngine(PgTestDatabase.settings(db));
        engine.start();
        try {
            assertThat(engine.migrations().state().current()).isEqualTo("3");
            Db on = new Db(engine);
            MonotonicIdGenerator ids = new MonotonicIdGenerator(Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"),
                    ZoneOffset.UTC));
            PgJobStore store = new PgJobStore(on, ids, false);
            assertThat(ids(store.list(JobFilter.all(), PageRequest.first(50)).items())).containsExactlyElementsOf(before);
            assertThat(ids(store.list(JobFilter.queue(QUEUE), PageRequest.first(50)).items()))
                    .containsExactly(before.get(0), before.get(2), before.get(4));

            Instant now = Instant.parse("2026-12-07T00:00:00Z");
            store.insert(List.of(new NewJob(new JobId(ids.next()), QUEUE, new JobType("render"), JsonText.of("{}"), 0, 1,
                    now, Optional.empty(), Optional.empty(), Optional.empty(), now)));
            assertThat(orderMatchesJobs(db)).isEqualTo(6);
            store.deleteAll(List.of(new JobId(before.get(1))));
            assertThat(orderMatchesJobs(db)).as("a job still pending is not deleted").isEqualTo(6);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM jobs WHERE id = '" + before.get(1) + "'");
                assertThat(orderMatchesJobs(db)).isEqualTo(5);
                assertThatThrownBy(() -> s.execute("UPDATE jobs SET created_at = 7 WHERE id = '" + before.get(0) + "'"))
                        .hasMessageContaining("never change");
                s.execute("TRUNCATE jobs");
                assertThat(orderMatchesJobs(db)).isZero();
            }
        } finally {
            engine.stop();
            TestPostgres.shared().drop(db.name());
        }
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(j -> j.id().value()).toList();
    }

    /** The number of jobs, after checking that job_order holds exactly their ids, queues and creation times. */
    private static long orderMatchesJobs(TestPostgres.Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM job_order),"
                     + " (SELECT count(*) FROM ((SELECT id, queue, created_at FROM jobs EXCEPT ALL"
                     + " SELECT id, queue, created_at FROM job_order) UNION ALL (SELECT id, queue, created_at FROM job_order"
                     + " EXCEPT ALL SELECT id, queue, created_at FROM jobs)) AS d)")) {
            r.next();
            assertThat(r.getLong(2)).as("rows of job_order").isEqualTo(r.getLong(1));
            assertThat(r.getLong(3)).as("rows of jobs and job_order that differ").isZero();
            return r.getLong(1);
        }
    }
}
