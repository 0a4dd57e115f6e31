package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond "no full scan" (HotQueryPlanTest): the queue's busiest statements use the index made for
 * them, and the ones that hand out or list in order do not sort, which would cost time in
 * proportion to the backlog.
 */
class QueueQueryPlanTest {
    @TempDir
    static Path dir;
    static TestEngine test;

    @BeforeAll
    static void start() {
        test = TestEngine.started(dir);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @Test
    void claimWalksTheClaimIndexInHandOutOrder() {
        assertThat(plan(ctx -> JobStatements.CLAIM.sql()))
                .anyMatch(line -> line.contains("jobs_claim"))
                .noneMatch(line -> line.contains("TEMP B-TREE"));
    }

    @Test
    void eachLeaseHolderStatementFindsItsJobByPrimaryKey() {
        for (HotSql statement : List.of(JobStatements.HEARTBEAT, JobStatements.COMPLETE, JobStatements.COMPLETE_MANY,
                JobStatements.TRANSITION, JobStatements.FIND)) {
            assertThat(plan(ctx -> statement.sql())).as(statement.sql()).anyMatch(line -> line.contains("(id=?)"));
        }
    }

    @Test
    void recoveryRetentionDedupAndNextDueUseTheirPartialIndexes() {
        // recovery picks its batch from the running jobs' index entries alone (as many as run at once),
        // sorting those, then reads only the picked rows
        assertThat(plan(ctx -> JobStatements.EXPIRED.sql())).as("%s", plan(ctx -> JobStatements.EXPIRED.sql()))
                .anyMatch(line -> line.contains("COVERING INDEX jobs_running"))
                .anyMatch(line -> line.contains("INTEGER PRIMARY KEY (rowid=?)"));
        assertThat(plan(ctx -> JobStatements.DELETE_FINISHED.sql())).anyMatch(line -> line.contains("jobs_finished"));
        assertThat(plan(ctx -> JobStatements.FIND_BY_DEDUP.sql())).anyMatch(line -> line.contains("jobs_dedup"));
        assertThat(plan(ctx -> JobStatements.FIND_BY_REF.sql())).anyMatch(line -> line.contains("jobs_external_ref"));
        assertThat(plan(ctx -> JobStatements.NEXT_DUE.sql())).anyMatch(line -> line.contains("jobs_due"));
        assertThat(plan(ctx -> JobStatements.RUNNING_COUNT.sql())).anyMatch(line -> line.contains("jobs_running"));
    }

    @Test
    void listingsReadInOrderWithoutSorting() {
        JobFilter queue = JobFilter.queue(new QueueName("q"));
        for (JobFilter filter : List.of(JobFilter.all(), queue, queue.withStates(Set.of(JobState.FAILED)),
                JobFilter.all().withStates(Set.of(JobState.RUNNING, JobState.CANCELLED)))) {
            assertThat(plan(ctx -> ctx.render(JobHistory.listQuery(ctx,
                    JobHistory.listWhere(filter).and(JobHistory.before(1L, "01J0000000000000000000000A")), 51))))
                    .as("%s", filter)
                    .noneMatch(line -> line.contains("TEMP B-TREE"));
        }
    }

    private static List<String> plan(Function<DSLContext, String> sql) {
        return test.db.read(ctx -> ctx.connectionResult(connection -> QueryPlans.explain(connection, sql.apply(ctx))));
    }
}
