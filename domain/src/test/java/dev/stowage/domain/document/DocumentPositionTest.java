package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentPosition.Order;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DocumentPositionTest {
    private static final DocumentId ID = new DocumentId("01HZZZZZZZZZZZZZZZZZZZZZZZ");
    private static final String FOREIGN = "the cursor was not issued for this listing; start again from the first page";

    @ParameterizedTest
    @EnumSource(Order.class)
    void aCursorReadsBackAsThePositionItWasMadeFrom(Order order) {
        for (boolean descending : List.of(false, true)) {
            DocumentPosition p = order == Order.NAME ? DocumentPosition.atName(descending, ID, "r\u00e9sum\u00e9 \ud83d\ude00.pdf")
                    : DocumentPosition.at(order, descending, ID, order == Order.ID ? 0 : -42);
            assertThat(DocumentPosition.of(p.cursor(), order, descending)).isEqualTo(p);
        }
    }

    @Test
    void theLongestNameFitsACursor() {
        String name = "\u00e9".repeat(DocumentName.MAX_LENGTH);
        Cursor c = DocumentPosition.atName(false, ID, name).cursor();
        assertThat(c.value().length()).isLessThanOrEqualTo(1024);
        assertThat(DocumentPosition.of(c, Order.NAME, false).text()).isEqualTo(name);
    }

    @Test
    void theCursorIsTheOneBothDatabaseStoresWrite() {
        // the layout is shared: a data folder copied from SQLite to PostgreSQL pages on with the same cursors
        byte[] bytes = ByteBuffer.allocate(36).put((byte) 'S').put((byte) 'd')
                .put(ID.value().getBytes(StandardCharsets.US_ASCII)).putLong(1234).array();
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThat(DocumentPosition.at(Order.SIZE, true, ID, 1234).cursor().value()).isEqualTo(expected);
    }

    @Test
    void theCursorOfADocumentHoldsItsSortValue() {
        Instant created = Instant.parse("2030-01-01T00:00:00.000000007Z");
        Document d = new Document(ID, new UserId("ana"), new DocumentName("report.pdf"), new FileName("report.pdf"),
                new MimeType("application/pdf"), 99, new Sha256("a".repeat(64)), new BlobKey("ab/cdef"), Visibility.PRIVATE,
                new UserMetadata(Map.of()), 1, created, created);
        assertThat(DocumentPosition.after(d, Order.CREATED, true).number()).isEqualTo(1_893_456_000_000_000_007L);
        assertThat(DocumentPosition.after(d, Order.SIZE, false).number()).isEqualTo(99);
        assertThat(DocumentPosition.after(d, Order.NAME, false).text()).isEqualTo("report.pdf");
        assertThat(DocumentPosition.after(d, Order.ID, false)).isEqualTo(DocumentPosition.at(Order.ID, false, ID, 0));
    }

    @Test
    void aCursorOfAnotherOrderOrDirectionIsRefused() {
        Cursor bySize = DocumentPosition.at(Order.SIZE, false, ID, 5).cursor();
        assertThatThrownBy(() -> DocumentPosition.of(bySize, Order.CREATED, false)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentPosition.of(bySize, Order.SIZE, true)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentPosition.of(bySize, Order.ID, false)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "not base64!", "../../etc/passwd", "<script>alert(1)</script>", "QQ", "====",
            "U2RleHRyYQ", "%00", "\u00e9"})
    void malformedAndHostileCursorsAreRefusedWithoutSayingWhy(String value) {
        for (Order order : Order.values()) {
            assertThatThrownBy(() -> DocumentPosition.of(new Cursor(value), order, false))
                    .isInstanceOf(InvalidInputException.class).hasMessage(FOREIGN);
        }
    }

    @Test
    void aWellFormedCursorWithABadIdOrValueIsRefused() {
        // right order and direction, but an id that is not one, a value of the wrong length, an odd-length name
        assertRefused(bytes('C', 'a', "0".repeat(25) + "!", 8), Order.CREATED);
        assertRefused(bytes('C', 'a', ID.value(), 7), Order.CREATED);
        assertRefused(bytes('C', 'a', ID.value(), 9), Order.CREATED);
        assertRefused(bytes('I', 'a', ID.value(), 1), Order.ID);
        assertRefused(bytes('N', 'a', ID.value(), 0), Order.NAME);
        assertRefused(bytes('N', 'a', ID.value(), 3), Order.NAME);
        assertRefused(bytes('S', 'a', ID.value().substring(0, 20), 0), Order.SIZE);
    }

    @Test
    void aPositionInTheNameOrderHoldsANameAndNoOtherDoes() {
        assertThatThrownBy(() -> new DocumentPosition(Order.NAME, false, ID, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DocumentPosition(Order.SIZE, false, ID, 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Cursor bytes(char order, char direction, String id, int valueBytes) {
        ByteBuffer b = ByteBuffer.allocate(2 + id.length() + valueBytes).put((byte) order).put((byte) direction)
                .put(id.getBytes(StandardCharsets.US_ASCII));
        return new Cursor(Base64.getUrlEncoder().withoutPadding().encodeToString(b.array()));
    }

    private static void assertRefused(Cursor cursor, Order order) {
        assertThatThrownBy(() -> DocumentPosition.of(cursor, order, false))
                .as(cursor.value()).isInstanceOf(InvalidInputException.class).hasMessage(FOREIGN);
    }
}
