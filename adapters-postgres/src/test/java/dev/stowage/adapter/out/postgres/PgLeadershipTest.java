package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.Leadership;
import dev.stowage.testing.TestPostgres;
import dev.stowage.testing.contract.LeadershipContract;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The LeadershipContract the SQLite lock file passes, on session advisory locks of a real PostgreSQL. */
@ExtendWith(HotQueryPlans.class)
class PgLeadershipTest extends LeadershipContract {
    private static TestPostgres.Database database;

    @BeforeAll
    static void database() {
        database = TestPostgres.shared().freshDatabase("leadership");
    }

    @Override
    protected Leadership newCandidate(String name) {
        return new PgLeadership(PgTestDatabase.settings(database));
    }

    /** Ends the holder's session from another connection, as the server does when its client dies. */
    @Override
    protected void cutOff(Leadership holder) {
        int pid = ((PgLeadership) holder).backendPid();
        assertThat(pid).isPositive();
        try (var c = database.connect(); var s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void candidatesOfAnotherDatabaseDoNotCompete() {
        var other = TestPostgres.shared().freshDatabase("leadership_other");
        var here = new PgLeadership(PgTestDatabase.settings(database));
        var there = new PgLeadership(PgTestDatabase.settings(other));
        try {
            assertThat(here.tryLead()).isTrue();
            assertThat(there.tryLead()).isTrue();
        } finally {
            here.close();
            there.close();
        }
    }

    @Test
    void anUnreachableServerMeansThisCandidateDoesNotLead() {
        var nowhere = new PgLeadership(PostgresSettings.defaults("jdbc:postgresql://127.0.0.1:1/none", "nobody", "secret"));
        try {
            assertThat(nowhere.tryLead()).isFalse();
            assertThat(nowhere.describe()).contains("none").doesNotContain("secret");
        } finally {
            nowhere.close();
        }
    }
}
