package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position after one document in a listing: the listing it belongs to (sort and direction), the
 * document's sort value and its id. Carrying the value itself, not just the id, lets the next page
 * continue correctly even when that document has been changed or deleted meanwhile.
 *
 * <p>Encoded as URL-safe base64 of: a kind byte, a direction byte, the 26 id characters, then the
 * value (8 bytes for a number, UTF-16 for a name). UTF-16 because it round-trips any Java string
 * and keeps a 255-character name within the 1024 characters a {@link Cursor} may have (UTF-8 would
 * need up to 765 bytes, too many once base64 adds its third).
 */
record DocumentCursor(Kind kind, boolean descending, DocumentId id, long number, String text) {
    /** Which listing order a cursor was issued for. */
    enum Kind {
        CREATED('C'), NAME('N'), SIZE('S'), ID('I');

        private final byte code;

        Kind(char code) {
            this.code = (byte) code;
        }
    }

    private static final int HEADER = 2 + 26;

    static DocumentCursor ofNumber(Kind kind, boolean descending, DocumentId id, long value) {
        return new DocumentCursor(kind, descending, id, value, null);
    }

    static DocumentCursor ofText(Kind kind, boolean descending, DocumentId id, String value) {
        return new DocumentCursor(kind, descending, id, 0, value);
    }

    Cursor encode() {
        byte[] value = kind == Kind.NAME ? text.getBytes(StandardCharsets.UTF_16BE)
                : kind == Kind.ID ? new byte[0] : ByteBuffer.allocate(8).putLong(number).array();
        ByteBuffer out = ByteBuffer.allocate(HEADER + value.length);
        out.put(kind.code).put((byte) (descending ? 'd' : 'a'));
        out.put(id.value().getBytes(StandardCharsets.US_ASCII)).put(value);
        return new Cursor(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    }

    /**
     * Decodes a cursor issued for the listing {@code kind} in direction {@code descending}.
     *
     * @throws InvalidInputException when it was not issued by this store, or for another listing
     */
    static DocumentCursor decode(Cursor cursor, Kind kind, boolean descending) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor.value());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < HEADER || bytes[0] != kind.code || bytes[1] != (descending ? 'd' : 'a')) {
            throw invalid();
        }
        DocumentId id;
        try {
            id = new DocumentId(new String(bytes, 2, 26, StandardCharsets.US_ASCII));
        } catch (InvalidInputException e) {
            throw invalid();
        }
        int valueLength = bytes.length - HEADER;
        return switch (kind) {
            case ID -> {
                if (valueLength != 0) {
                    throw invalid();
                }
                yield ofNumber(kind, descending, id, 0);
            }
            case NAME -> {
                if (valueLength == 0 || valueLength % 2 != 0) {
                    throw invalid();
                }
                yield ofText(kind, descending, id, new String(bytes, HEADER, valueLength, StandardCharsets.UTF_16BE));
            }
            case CREATED, SIZE -> {
                if (valueLength != 8) {
                    throw invalid();
                }
                yield ofNumber(kind, descending, id, ByteBuffer.wrap(bytes, HEADER, 8).getLong());
            }
        };
    }

    private static InvalidInputException invalid() {
        // says nothing about the layout: clients must treat cursors as opaque
        return new InvalidInputException("the cursor was not issued for this listing; start again from the first page");
    }
}
