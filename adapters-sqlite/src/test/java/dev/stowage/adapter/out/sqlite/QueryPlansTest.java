package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan check itself: it must catch a full scan and let indexed access through. */
class QueryPlansTest {
    @TempDir
    Path dir;

    @Test
    void aLookupByAnUnindexedColumnFailsNamingTheScan() {
        try (TestEngine test = TestEngine.started(dir)) {
            assertThatThrownBy(() -> test.db.read(ctx -> ctx.connectionResult(connection -> {
                QueryPlans.assertUsesIndexes(connection, "SELECT key FROM stowage_meta WHERE value = ?");
                return null;
            }))).isInstanceOf(AssertionError.class).hasMessageContaining("SCAN stowage_meta");
        }
    }

    @Test
    void classifiesPlanLines() {
        assertThat(QueryPlans.fullScans(List.of(
                "SCAN jobs",
                "SCAN jobs USING INDEX jobs_by_state",
                "SCAN jobs USING COVERING INDEX jobs_by_state",
                "SEARCH jobs USING INDEX jobs_by_state (state=?)",
                "SCAN CONSTANT ROW",
                "SCAN (subquery-1)",
                "MATERIALIZE recent",
                "SCAN recent",
                "SCAN l VIRTUAL TABLE INDEX 1:",
                "USE TEMP B-TREE FOR ORDER BY")))
                .containsExactly("SCAN jobs");
    }
}
