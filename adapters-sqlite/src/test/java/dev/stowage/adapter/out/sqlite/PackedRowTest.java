package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed-row reader against what SQLite's json_array really writes. */
class PackedRowTest {
    @TempDir
    Path dir;

    @Test
    void readsBackEveryKindOfTextSqliteEscapes() {
        String tricky = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 nul-ish \u0001 "
                + "unicode é 日本 😀 {\"a\":[1,2]}";
        try (TestEngine test = TestEngine.started(dir)) {
            String packed = test.db.read(ctx -> ctx.fetchValue(org.jooq.impl.DSL.field(
                    "json_array({0}, -42, 9007199254740993, NULL, '')", String.class, org.jooq.impl.DSL.val(tricky))));
            Object[] values = PackedRow.parse(packed, 5);
            assertThat(values).containsExactly(tricky, -42L, 9007199254740993L, null, "");
        }
    }

    @Test
    void refusesAnotherShape() {
        assertThatThrownBy(() -> PackedRow.parse("[1,2]", 3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[1,2,3]", 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[1.5]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[\"open]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse(null, 1)).isInstanceOf(IllegalStateException.class);
    }
}
