package dev.stowage.domain.program;

import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The cursors of a program store's three walks, each marked with its own letter so that one walk's
 * cursor is refused by another:
 * <ul>
 *   <li>{@code N}: the listing by name, after the name (UTF-8, base64url: a 200-character name
 *       takes at most 800 of the cursor's 1024 characters);</li>
 *   <li>{@code V}: a program's revisions, below the version;</li>
 *   <li>{@code P} / {@code R}: the references of programs, then of revisions, after (program id,
 *       version, slot), where slot 0 is the image and 1 the thumbnail (see {@link ProgramReferenceWalk}).</li>
 * </ul>
 * The SQLite and the PostgreSQL stores both write these cursors, so a copy of the data from one to
 * the other pages alike. A cursor that is not one of these is refused with an
 * {@link InvalidInputException} that says nothing of the layout: clients must treat cursors as opaque.
 */
public final class ProgramPosition {
    private ProgramPosition() {
    }

    /**
     * A place in the references walk: programs first ({@code inRevisions} false), then revisions;
     * within each by program id, version, then slot (0 the image, 1 the thumbnail).
     */
    public record Reference(boolean inRevisions, ProgramId program, long version, int slot) {
        public Reference {
            Objects.requireNonNull(program, "program");
            if (slot < 0 || slot > 1) {
                throw new IllegalArgumentException("slot " + slot + " is neither the image (0) nor the thumbnail (1)");
            }
        }
    }

    /** The cursor of the listing by name, after {@code name}. */
    public static Cursor afterName(ProgramName name) {
        return new Cursor("N" + Base64.getUrlEncoder().withoutPadding().encodeToString(name.value().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The name a listing cursor stands after.
     *
     * @throws InvalidInputException when the cursor is not one of the listing by name
     */
    public static String name(Cursor cursor) {
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
            // not base64, not UTF-8, or not a name
            throw foreign();
        }
    }

    /** The cursor of a program's revisions, below {@code version}. */
    public static Cursor belowVersion(long version) {
        return new Cursor("V" + version);
    }

    /**
     * The version a revisions cursor stands below: 1 or more.
     *
     * @throws InvalidInputException when the cursor is not one of the revisions
     */
    public static long version(Cursor cursor) {
        String value = cursor.value();
        if (!value.startsWith("V")) {
            throw foreign();
        }
        try {
            long version = Long.parseLong(value.substring(1));
            if (version < 1) {
                throw foreign();
            }
            return version;
        } catch (NumberFormatException e) {
            throw foreign();
        }
    }

    /** The cursor of the references walk, after {@code at}. */
    public static Cursor afterReference(Reference at) {
        return new Cursor((at.inRevisions() ? "R" : "P") + at.program() + ":" + at.version() + ":" + at.slot());
    }

    /**
     * The place a references cursor stands after.
     *
     * @throws InvalidInputException when the cursor is not one of the references walk
     */
    public static Reference reference(Cursor cursor) {
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
