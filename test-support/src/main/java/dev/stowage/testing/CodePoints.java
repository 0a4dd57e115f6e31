package dev.stowage.testing;

/** The order of text in the stores, for in-memory adapters and contract suites alike. */
public final class CodePoints {
    private CodePoints() {
    }

    /**
     * Compares strings by Unicode code point, the order of SQLite's BINARY collation on UTF-8 text.
     * It differs from {@link String#compareTo} (UTF-16 units) for characters above U+FFFF.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
