package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transaction boundary on a real PostgreSQL server, as {@code Transactions} promises it. */
class PgEngineTest {
    private PgEngine engine;
    private Db db;

    @BeforeEach
    void start() {
        engine = PgTestDatabase.startedEngine("engine");
        db = new Db(engine);
    }

    @AfterEach
    void stop() {
        engine.stop();
    }

    private void put(String key, String value) {
        db.write(ctx -> ctx.execute("INSERT INTO stowage_meta (key, value) VALUES (?, ?)", key, value));
    }

    private Optional<String> get(String key) {
        return db.read(ctx -> ctx.fetchOptional("SELECT value FROM stowage_meta WHERE key = ?", key)
                .map(r -> r.get(0, String.class)));
    }

    @Test
    void aFreshDatabaseIsMigratedOnStartAndNothingIsPendingAfterwards() {
        PgEngine fresh = new PgEngine(PgTestDatabase.settings(TestPostgres.shared().freshDatabase("fresh")));
        fresh.start();
        try {
            assertThat(fresh.migrations().state().current()).isEqualTo("3");
            assertThat(fresh.migrations().state().pending()).isEmpty();
            assertThat(new PgDatabaseAdmin(fresh).migrate()).isEmpty();
        } finally {
            fresh.stop();
        }
    }

    @Test
    void committedWorkIsVisibleAndAFailedWriteKeepsNothing() {
        assertThat(engine.write(() -> {
            put("a", "1");
            return "done";
        })).isEqualTo("done");
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> engine.writeVoid(() -> {
            put("b", "2");
            throw boom;
        })).isSameAs(boom);
        assertThat(get("a")).contains("1");
        assertThat(get("b")).isEmpty();
    }

    @Test
    void aFailedNestedWriteUndoesOnlyItsOwnWork() {
        engine.writeVoid(() -> {
            put("outer", "1");
            assertThatThrownBy(() -> engine.writeVoid(() -> {
                put("inner", "1");
                put("outer", "again"); // unique key: the nested write fails
            })).isInstanceOf(AlreadyExistsException.class);
            put("after", "1");
        });
        assertThat(List.of(get("outer"), get("inner"), get("after")))
                .containsExactly(Optional.of("1"), Optional.empty(), Optional.of("1"));
    }

    @Test
    void writingInsideAReadFailsAndAReadSeesOneSnapshot() {
        assertThatThrownBy(() -> engine.read(() -> {
            put("x", "1");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside Transactions.read");
        put("snap", "before");
        String seen = engine.read(() -> {
            String first = get("snap").orElseThrow();
            // a commit from another thread lands in the middle of the read
            Thread other = new Thread(() -> db.write(ctx -> ctx.execute("UPDATE stowage_meta SET value = 'after'")));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return first + "/" + get("snap").orElseThrow();
        });
        assertThat(seen).isEqualTo("before/before");
        assertThat(get("snap")).contains("after");
    }

    @Test
    void aWriteAloneRunsItsStatementsInOneTransactionThatTheServerCommits() {
        // past the driver's prepare threshold (5) too: the statements are then prepared on the server
        for (int i = 0; i < 8; i++) {
            String key = "alone" + i;
            List<String> seen = new ArrayList<>();
            db.writeAlone(c -> {
                Sql.results(c, "INSERT INTO stowage_meta (key, value) VALUES (?, txid_current()::text); "
                        + "SELECT value = txid_current()::text, value FROM stowage_meta WHERE key = ?", (index, r) -> {
                            while (r.next()) {
                                seen.add(r.getBoolean(1) + "/" + r.getString(2));
                            }
                        }, key, key);
                return null;
            });
            // the second statement saw the first's row, written by its own transaction
            assertThat(seen).hasSize(1).allMatch(v -> v.startsWith("true/"));
            assertThat(get(key)).isPresent();
        }
        // a failing statement undoes the ones before it in the same round trip
        assertThatThrownBy(() -> db.writeAlone(c -> Sql.update(c,
                "INSERT INTO stowage_meta (key, value) VALUES ('undone', '1'); "
                        + "INSERT INTO stowage_meta (key, value) VALUES ('alone0', '1')")))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(get("undone")).isEmpty();
    }

    @Test
    void afterStopEveryCallFailsAsUnavailable() {
        engine.stop();
        assertThatThrownBy(() -> put("a", "1")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> get("a")).isInstanceOf(StorageUnavailableException.class);
    }
}
