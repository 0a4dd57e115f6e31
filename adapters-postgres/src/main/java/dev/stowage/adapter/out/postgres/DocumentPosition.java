package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a document listing stopped: the listing (order and direction), the last document's sort
 * value and its id. The value travels in the cursor, so the next page starts right after it even
 * when that document was changed or deleted meanwhile.
 *
 * <p>Bytes, base64url: order letter, direction letter, the 26 id characters, then the value: 8
 * bytes for a time or a size, the name in UTF-16 (a 255-character name then fits the 1024
 * characters a {@link Cursor} may have), nothing for the id walk.
 */
record DocumentPosition(Order order, boolean descending, DocumentId id, long number, String text) {
    /** The listing a position belongs to. */
    enum Order {
        CREATED('C'), NAME('N'), SIZE('S'), ID('I');

        final byte letter;

        Order(char letter) {
            this.letter = (byte) letter;
        }
    }

    private static final int FIXED = 2 + 26;

    static DocumentPosition at(Order order, boolean descending, DocumentId id, long number) {
        return new DocumentPosition(order, descending, id, number, null);
    }

    static DocumentPosition atName(boolean descending, DocumentId id, String name) {
        return new DocumentPosition(Order.NAME, descending, id, 0, name);
    }

    Cursor cursor() {
        byte[] value = switch (order) {
            case NAME -> text.getBytes(StandardCharsets.UTF_16BE);
            case ID -> new byte[0];
            case CREATED, SIZE -> ByteBuffer.allocate(8).putLong(number).array();
        };
        ByteBuffer out = ByteBuffer.allocate(FIXED + value.length).put(order.letter).put((byte) (descending ? 'd' : 'a'))
                .put(id.value().getBytes(StandardCharsets.US_ASCII)).put(value);
        return new Cursor(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    }

    /** @throws InvalidInputException when the cursor was not issued for this listing */
    static DocumentPosition of(Cursor cursor, Order order, boolean descending) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor.value());
        } catch (IllegalArgumentException e) {
            throw foreign();
        }
        if (bytes.length < FIXED || bytes[0] != order.letter || bytes[1] != (descending ? 'd' : 'a')) {
            throw foreign();
        }
        DocumentId id;
        try {
            id = new DocumentId(new String(bytes, 2, 26, StandardCharsets.US_ASCII));
        } catch (InvalidInputException e) {
            throw foreign();
        }
        int length = bytes.length - FIXED;
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
            case NAME -> atName(descending, id, new String(bytes, FIXED, length, StandardCharsets.UTF_16BE));
            case CREATED, SIZE -> at(order, descending, id, ByteBuffer.wrap(bytes, FIXED, 8).getLong());
        };
    }

    private static InvalidInputException foreign() {
        // nothing about the layout: cursors are opaque to clients
        return new InvalidInputException("the cursor was not issued for this listing; start again from the first page");
    }
}
