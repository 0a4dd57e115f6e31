package dev.stowage.adapter.out.sqlite.archfixture;

/** A class in one adapter that another adapter's fixture depends on. Package-private, as it should be. */
final class SqliteSide {
    static int answer() {
        return 42;
    }
}
