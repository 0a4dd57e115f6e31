package dev.stowage.adapter.out.sqlite.archfixture;

/** Public only so that the fs fixture can reach it: breaks rule (e) as well. */
public final class SqliteBridge {
    public static final SqliteBridge INSTANCE = new SqliteBridge();

    int answer() {
        return SqliteSide.answer();
    }
}
