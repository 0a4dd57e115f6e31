package dev.stowage.adapter.out.sqlite;

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
 * The cursors of the program store's three walks, each marked with its own letter so that one
 * walk's cursor is refused by another:
 * <ul>
 *   <li>{@code N}: the listing by name, after the name (UTF-8, base64url: a 200-character name
 *       takes at most 800 of the cursor's 1024 characters);</li>
 *   <li>{@code V}: a program's revisions, below the version;</li>
 *   <li>{@code P} / {@code R}: the references of programs, then of revisions, after (program id,
 *       version, slot), where slot 0 is the image and 1 the thumbnail.</li>
 * </ul>
 */
final class ProgramCursor {
    private ProgramCursor() {
    }

    /** A position in the references walk. */
    record ReferenceAt(boolean inRevisions, ProgramId program, long version, int slot) {
    }

    static Cursor afterName(ProgramName name) {
        return new Cursor("N" + Base64.getUrlEncoder().withoutPadding().encodeToString(name.value().getBytes(StandardCharsets.UTF_8)));
    }

    static String name(Cursor cursor) {
        String value = cursor.value();
        if (!value.startsWith("N")) {
            throw invalid();
        }
        try {
            byte[] utf8 = Base64.getUrlDecoder().decode(value.substring(1));
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            return new ProgramName(name).value();
        } catch (IllegalArgumentException | CharacterCodingException | InvalidInputException e) {
            // not base64, not UTF-8, or not a name
            throw invalid();
        }
    }

    static Cursor belowVersion(long version) {
        return new Cursor("V" + version);
    }

    static long version(Cursor cursor) {
        String value = cursor.value();
        if (!value.startsWith("V")) {
            throw invalid();
        }
        try {
            long version = Long.parseLong(value.substring(1));
            if (version < 1) {
                throw invalid();
            }
            return version;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static Cursor afterReference(ReferenceAt at) {
        return new Cursor((at.inRevisions() ? "R" : "P") + at.program() + ":" + at.version() + ":" + at.slot());
    }

    static ReferenceAt reference(Cursor cursor) {
        String value = cursor.value();
        String[] parts = value.length() > 1 ? value.substring(1).split(":", -1) : new String[0];
        if (parts.length != 3 || !(value.startsWith("P") || value.startsWith("R"))) {
            throw invalid();
        }
        try {
            ProgramId program = new ProgramId(parts[0]);
            long version = Long.parseLong(parts[1]);
            int slot = Integer.parseInt(parts[2]);
            if (version < 1 || slot < 0 || slot > 1) {
                throw invalid();
            }
            return new ReferenceAt(value.startsWith("R"), program, version, slot);
        } catch (NumberFormatException | InvalidInputException e) {
            throw invalid();
        }
    }

    private static InvalidInputException invalid() {
        // says nothing about the layout: clients must treat cursors as opaque
        return new InvalidInputException("the cursor was not issued for this listing; start again from the first page");
    }
}
