package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import java.nio.file.Path;
import java.util.List;
import org.jooq.impl.DSL;
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
    void sqliteReadsWhatBoundJsonWritesAndPackedRowReadsItBack() {
        String tricky = "quote \" backslash \\ tab \t newline \n backspace \b formfeed \f \u0001 \u001f \u007f"
                + " é 日本 😀 {\"a\":[1,2]}";
        String rows = new BoundJson(64).row().text(tricky).number(-42).text(null)
                .row().text("").number(Long.MAX_VALUE).number((Long) null).json();
        try (TestEngine test = TestEngine.started(dir)) {
            List<String> packed = test.db.read(ctx -> ctx.select(DSL.field(
                    "json_array(json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'))",
                    String.class)).from(DSL.table("json_each({0})", DSL.val(rows))).orderBy(DSL.field("key"))
                    .fetch(0, String.class));
            assertThat(PackedRow.parse(packed.get(0), 3)).containsExactly(tricky, -42L, null);
            assertThat(PackedRow.parse(packed.get(1), 3)).containsExactly("", Long.MAX_VALUE, null);
        }
    }

    @Test
    void refusesAnotherShape() {
        assertThatThrownBy(() -> PackedRow.parse("[1,2]", 3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[1,2,3]", 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[1.5]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[\"open]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse(null, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("{\"a\":1}", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[true]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[9223372036854775808]", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PackedRow.parse("[1] x", 1)).isInstanceOf(IllegalStateException.class);
    }
}
