package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The cursors of the program store's walks, each with its own leading letter so that one walk
 * refuses another's: {@code N} after a name (UTF-8, base64url), {@code V} below a revision's
 * version, {@code P}/{@code R} after a reference of a program or of a revision (id, version, slot:
 * 0 the image, 1 the thumbnail).
 */
final class ProgramPosition {
    private ProgramPosition() {
    }

    /** A place in the references walk: programs first, then revisions. */
    record Reference(boolean inRevisions, ProgramId program, long version, int slot) {
    }

    static Cursor afterName(ProgramName name) {
        return new Cursor("N" + Base64.getUrlEncoder().withoutPadding().encodeToString(name.value().getBytes(StandardCharsets.UTF_8)));
    }

    static String name(Cursor cursor) {
        String value = cursor.value();
        if (!value.startsWith("N")) {
            throw foreign();
        }
        try {
            byte[] utf8 = Base64.getUrlDecoder().decode(value.substring(1));
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            return new ProgramName(name).value();
        } catch (IllegalArgumentException | CharacterCodingException | InvalidInputException e) {
            throw foreign();
        }
    }

    static Cursor belowVersion(long version) {
        return new Cursor("V" + version);
    }

    static long version(Cursor cursor) {
        String value = cursor.value();
        try {
            long version = value.startsWith("V") ? Long.parseLong(value.substring(1)) : 0;
            if (version < 1) {
                throw foreign();
            }
            return version;
        } catch (NumberFormatException e) {
            throw foreign();
        }
    }

    static Cursor afterReference(Reference at) {
        return new Cursor((at.inRevisions() ? "R" : "P") + at.program() + ":" + at.version() + ":" + at.slot());
    }

    static Reference reference(Cursor cursor) {
        String value = cursor.value();
        String[] parts = value.length() > 1 ? value.substring(1).split(":", -1) : new String[0];
        if (parts.length != 3 || !(value.startsWith("P") || value.startsWith("R"))) {
            throw foreign();
        }
        try {
            ProgramId program = new ProgramId(parts[0]);
            long version = Long.parseLong(parts[1]);
            int slot = Integer.parseInt(parts[2]);
            if (version < 1 || slot < 0 || slot > 1) {
                throw foreign();
            }
            return new Reference(value.startsWith("R"), program, version, slot);
        } catch (NumberFormatException | InvalidInputException e) {
            throw foreign();
        }
    }

    private static InvalidInputException foreign() {
        return new InvalidInputException("the cursor was not issued for this listing; start again from the first page");
    }
}
