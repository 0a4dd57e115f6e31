package dev.stowage.domain.document;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a document listing of a store stopped: the listing it belongs to (order and direction), the
 * last document's sort value and its id. Carrying the value itself, not just the id, lets the next
 * page continue right after it even when that document was changed or deleted meanwhile; a store
 * pages by keyset, strictly after (value, id).
 *
 * <p>The cursor is URL-safe base64 (no padding) of: an order letter, a direction letter, the 26 id
 * characters, then the value: 8 bytes for a time (nanoseconds since the epoch, as the stores keep
 * it) or a size, the name in UTF-16 for the name order, nothing for the id walk. UTF-16 because it
 * round-trips any Java string and keeps a 255-character name within the 1024 characters a
 * {@link Cursor} may have (UTF-8 would need up to 765 bytes, too many once base64 adds its third).
 * The SQLite and the PostgreSQL stores both write this cursor, so a copy of the data from one to the other pages alike.
 *
 * @param number the time or size the listing sorts by (0 for the name order and the id walk)
 * @param text   the name, for the name order only (null otherwise)
 */
public record DocumentPosition(Order order, boolean descending, DocumentId id, long number, String text) {
    /** The listing a position belongs to: the three listing sorts, and the id walk of every document. */
    public enum Order {
        CREATED('C'), NAME('N'), SIZE('S'), ID('I');

        private final byte letter;

        Order(char letter) {
            this.letter = (byte) letter;
        }

        /** The order a listing with {@code sort} pages in. */
        public static Order of(DocumentQuery.Sort sort) {
            return switch (sort) {
                case CREATED -> CREATED;
                case NAME -> NAME;
                case SIZE -> SIZE;
            };
        }
    }

    private static final int HEADER = 2 + 26;

    public DocumentPosition {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(id, "id");
        if ((order == Order.NAME) != (text != null)) {
            throw new IllegalArgumentException("a position in the name order holds a name, and only that order does");
        }
    }

    /** A position in an order by number (created, size) or in the id walk ({@code number} 0). */
    public static DocumentPosition at(Order order, boolean descending, DocumentId id, long number) {
        return new DocumentPosition(order, descending, id, number, null);
    }

    /** A position in the name order. */
    public static DocumentPosition atName(boolean descending, DocumentId id, String name) {
        return new DocumentPosition(Order.NAME, descending, id, 0, name);
    }

    /** The position right after {@code d} in a listing by {@code order}: its sort value and id. */
    public static DocumentPosition after(Document d, Order order, boolean descending) {
        return switch (order) {
            case CREATED -> at(order, descending, d.id(), EpochTime.nanos(d.createdAt(), "createdAt"));
            case SIZE -> at(order, descending, d.id(), d.size());
            case NAME -> atName(descending, d.id(), d.name().value());
            case ID -> at(order, descending, d.id(), 0);
        };
    }

    /** This position as the cursor a page hands out. */
    public Cursor cursor() {
        byte[] value = switch (order) {
            case NAME -> text.getBytes(StandardCharsets.UTF_16BE);
            case ID -> new byte[0];
            case CREATED, SIZE -> ByteBuffer.allocate(8).putLong(number).array();
        };
        ByteBuffer out = ByteBuffer.allocate(HEADER + value.length).put(order.letter).put(direction(descending))
                .put(id.value().getBytes(StandardCharsets.US_ASCII)).put(value);
        return new Cursor(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    }

    /**
     * Decodes a cursor issued for the listing by {@code order} in direction {@code descending}.
     *
     * @throws InvalidInputException when it is not such a cursor: not base64, too short, of another
     *         order or direction, an id that is not one, or a value of the wrong length. The message
     *         says nothing of the layout, since clients must treat cursors as opaque.
     */
    public static DocumentPosition of(Cursor cursor, Order order, boolean descending) {
        Objects.requireNonNull(order, "order");
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor.value());
        } catch (IllegalArgumentException e) {
            throw foreign();
        }
        if (bytes.length < HEADER || bytes[0] != order.letter || bytes[1] != direction(descending)) {
            throw foreign();
        }
        DocumentId id;
        try {
            id = new DocumentId(new String(bytes, 2, 26, StandardCharsets.US_ASCII));
        } catch (InvalidInputException e) {
            throw foreign();
        }
        int length = bytes.length - HEADER;
        boolean fits = switch (order) {
            case ID -> length == 0;
            case NAME -> length > 0 && length % 2 == 0;
            case CREATED, SIZE -> length == 8;
        };
        if (!fits) {
            throw foreign();
        }
        return switch (order) {
            case ID -> at(order, descending, id, 0);
            case NAME -> atName(descending, id, new String(bytes, HEADER, length, StandardCharsets.UTF_16BE));
            case CREATED, SIZE -> at(order, descending, id, ByteBuffer.wrap(bytes, HEADER, 8).getLong());
        };
    }

    private static byte direction(boolean descending) {
        return (byte) (descending ? 'd' : 'a');
    }

    private static InvalidInputException foreign() {
        return new InvalidInputException("the cursor was not issued for this listing; start again from the first page");
    }
}
