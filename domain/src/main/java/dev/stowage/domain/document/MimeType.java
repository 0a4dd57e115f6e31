package dev.stowage.domain.document;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Locale;

/**
 * A media type {@code type/subtype} (RFC 6838 names, no parameters), kept in lower case.
 */
public record MimeType(String value) {
    public static final MimeType OCTET_STREAM = new MimeType("application/octet-stream");

    public MimeType {
        Checks.present(value, "MIME type");
        value = value.toLowerCase(Locale.ROOT);
        int slash = value.indexOf('/');
        if (value.length() > 255 || slash <= 0 || slash != value.lastIndexOf('/') || slash == value.length() - 1
                || !restrictedName(value.substring(0, slash)) || !restrictedName(value.substring(slash + 1))) {
            throw new InvalidInputException("MIME type '" + Checks.printable(value) + "' is not of the form type/subtype");
        }
    }

    private static boolean restrictedName(String s) {
        if (s.isEmpty() || s.length() > 127 || !Character.isLetterOrDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&-^_.+".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public String type() {
        return value.substring(0, value.indexOf('/'));
    }

    @Override
    public String toString() {
        return value;
    }
}
