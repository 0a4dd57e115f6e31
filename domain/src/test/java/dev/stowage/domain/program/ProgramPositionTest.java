package dev.stowage.domain.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.ProgramPosition.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramPositionTest {
    private static final ProgramId ID = new ProgramId("01HZZZZZZZZZZZZZZZZZZZZZZZ");
    private static final String FOREIGN = "the cursor was not issued for this listing; start again from the first page";

    @Test
    void eachCursorReadsBackAsWhatItWasMadeFrom() {
        ProgramName name = new ProgramName("Spring sale \u00e9t\u00e9 \ud83d\ude00 %_/..");
        assertThat(ProgramPosition.name(ProgramPosition.afterName(name))).isEqualTo(name.value());
        assertThat(ProgramPosition.version(ProgramPosition.belowVersion(1))).isEqualTo(1);
        assertThat(ProgramPosition.version(ProgramPosition.belowVersion(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        for (Reference r : new Reference[] {new Reference(false, ID, 1, 0), new Reference(true, ID, 7, 1)}) {
            assertThat(ProgramPosition.reference(ProgramPosition.afterReference(r))).isEqualTo(r);
        }
    }

    @Test
    void theCursorsAreTheOnesBothDatabaseStoresWrite() {
        assertThat(ProgramPosition.afterName(new ProgramName("ab")).value()).isEqualTo("NYWI");
        assertThat(ProgramPosition.belowVersion(3).value()).isEqualTo("V3");
        assertThat(ProgramPosition.afterReference(new Reference(true, ID, 3, 1)).value()).isEqualTo("R" + ID + ":3:1");
    }

    @Test
    void theLongestNameFitsACursor() {
        ProgramName longest = new ProgramName("\u00e9".repeat(200));
        Cursor c = ProgramPosition.afterName(longest);
        assertThat(c.value().length()).isLessThanOrEqualTo(1024);
        assertThat(ProgramPosition.name(c)).isEqualTo(longest.value());
    }

    @Test
    void oneWalksCursorIsRefusedByTheOthers() {
        Cursor name = ProgramPosition.afterName(new ProgramName("a"));
        Cursor version = ProgramPosition.belowVersion(2);
        Cursor reference = ProgramPosition.afterReference(new Reference(false, ID, 1, 0));
        refused(ProgramPosition::version, name);
        refused(ProgramPosition::reference, name);
        refused(ProgramPosition::name, version);
        refused(ProgramPosition::reference, version);
        refused(ProgramPosition::name, reference);
        refused(ProgramPosition::version, reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"V0", "V-1", "V", "Vx", "V1.5", "V 1", "V99999999999999999999", "v3"})
    void aBadVersionCursorIsRefused(String value) {
        refused(ProgramPosition::version, new Cursor(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"N", "N!!", "N../../etc/passwd", "N<script>", "n" + "YWI", "NIA", "N_w"})
    void aBadNameCursorIsRefused(String value) {
        // "NIA" is a lone space (a name does not start with white space); "N_w" is the byte 0xFF, not UTF-8
        refused(ProgramPosition::name, new Cursor(value));
    }

    @Test
    void aNameCursorOfTextThatIsNoNameIsRefused() {
        String tooLong = Base64.getUrlEncoder().withoutPadding().encodeToString("a".repeat(201).getBytes(StandardCharsets.UTF_8));
        refused(ProgramPosition::name, new Cursor("N" + tooLong));
        String control = Base64.getUrlEncoder().withoutPadding().encodeToString("a\u0000b".getBytes(StandardCharsets.UTF_8));
        refused(ProgramPosition::name, new Cursor("N" + control));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P", "R", "P::", "X" + "01HZZZZZZZZZZZZZZZZZZZZZZZ:1:0", "P01HZZZZZZZZZZZZZZZZZZZZZZZ:1",
            "P01HZZZZZZZZZZZZZZZZZZZZZZZ:1:0:0", "P01HZZZZZZZZZZZZZZZZZZZZZZZ:0:0", "P01HZZZZZZZZZZZZZZZZZZZZZZZ:1:2",
            "P01HZZZZZZZZZZZZZZZZZZZZZZZ:1:-1", "P../../x:1:0", "Pnot-an-id:1:0", "R01HZZZZZZZZZZZZZZZZZZZZZZZ:x:0",
            "R01HZZZZZZZZZZZZZZZZZZZZZZZ:99999999999999999999:0"})
    void aBadReferenceCursorIsRefused(String value) {
        refused(ProgramPosition::reference, new Cursor(value));
    }

    private static void refused(Function<Cursor, ?> decode, Cursor cursor) {
        assertThatThrownBy(() -> decode.apply(cursor)).as(cursor.value())
                .isInstanceOf(InvalidInputException.class).hasMessage(FOREIGN);
    }
}
