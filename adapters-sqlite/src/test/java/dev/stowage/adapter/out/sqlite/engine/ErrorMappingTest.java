package dev.stowage.adapter.out.sqlite.engine;

import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorMappingTest {
    @TempDir
    Path dir;

    @Test
    void aTakenKeyIsAlreadyExistsNamingTheTable() {
        try (TestEngine test = TestEngine.started(dir)) {
            test.insert("a", "1");

            assertThatThrownBy(() -> test.insert("a", "2"))
                    .isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("stowage_meta")
                    .hasNoCause();
            assertThat(test.get("a")).contains("1");
        }
    }

    @Test
    void otherConstraintsAreInvalidInput() {
        try (TestEngine test = TestEngine.started(dir)) {
            // CHECK (length(key) BETWEEN 1 AND 200)
            assertThatThrownBy(() -> test.insert("", "1")).isInstanceOf(InvalidInputException.class);
            // NOT NULL
            assertThatThrownBy(() -> test.db.write(ctx -> ctx.insertInto(STOWAGE_META)
                    .set(STOWAGE_META.KEY, "k").set(STOWAGE_META.VALUE, (String) null).execute()))
                    .isInstanceOf(InvalidInputException.class);
            // STRICT: an integer is not TEXT
            assertThatThrownBy(() -> test.db.write(ctx -> ctx.execute(
                    "INSERT INTO stowage_meta (key, value) VALUES ('k', x'00')")))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aStoreThatCatchesTheConflictCanCarryOnInTheSameTransaction() {
        try (TestEngine test = TestEngine.started(dir)) {
            test.insert("a", "1");

            boolean created = test.engine.write(() -> {
                try {
                    test.insert("a", "2");
                    return true;
                } catch (AlreadyExistsException taken) {
                    test.insert("b", "1");
                    return false;
                }
            });

            assertThat(created).isFalse();
            assertThat(test.get("a")).contains("1");
            assertThat(test.get("b")).contains("1");
        }
    }

    @Test
    void aFullDatabaseIsStorageFullAndTheDatabaseStaysUsable() {
        try (TestEngine test = TestEngine.started(dir)) {
            test.put("kept", "1");
            // the limit applies to the writer connection, so set it from inside a write
            test.db.write(ctx -> ctx.fetch("PRAGMA max_page_count = " + (pageCount(test) + 8)));

            List<Throwable> failures = new ArrayList<>();
            for (int i = 0; i < 50 && failures.isEmpty(); i++) {
                int row = i;
                try {
                    test.db.write(ctx -> ctx.execute(
                            "INSERT INTO stowage_meta (key, value) VALUES ({0}, hex(randomblob(8000)))",
                            org.jooq.impl.DSL.val("big" + row)));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }

            assertThat(failures).singleElement().isInstanceOf(StorageFullException.class);
            test.db.write(ctx -> ctx.fetch("PRAGMA max_page_count = 1073741823"));
            test.put("after", "1");
            assertThat(test.get("kept")).contains("1");
            assertThat(test.get("after")).contains("1");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedCorrupt() throws Exception {
        SqliteSettings settings = TestEngine.settings(dir);
        Files.createDirectories(settings.databaseFile().getParent());
        Files.writeString(settings.databaseFile(), "not a database, ".repeat(1000), StandardCharsets.US_ASCII);
        TestEngine test = TestEngine.unstarted(settings);

        assertThatThrownBy(test.engine::start).isInstanceOf(StorageCorruptException.class);
        test.engine.stop();
    }

    @Test
    void aFolderThatCannotBeCreatedIsUnavailable() throws Exception {
        Path blocker = Files.writeString(dir.resolve("data"), "a file where the folder should be");
        SqliteSettings settings = TestEngine.settings(dir);
        TestEngine test = TestEngine.unstarted(settings);

        assertThatThrownBy(test.engine::start)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining(blocker.toString());
        test.engine.stop();
    }

    private static long pageCount(TestEngine test) {
        return test.db.read(ctx -> ((Number) ctx.fetchValue("PRAGMA page_count")).longValue());
    }
}
