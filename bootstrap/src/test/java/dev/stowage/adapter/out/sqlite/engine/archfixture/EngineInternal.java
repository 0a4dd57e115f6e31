package dev.stowage.adapter.out.sqlite.engine.archfixture;

/**
 * Public for the SQLite adapter's other packages, as the engine's classes are: rule (e) lets it be,
 * rule (g) reports whoever outside the adapter uses it.
 */
public final class EngineInternal {
    public static int answer() {
        return 42;
    }
}
