package dev.stowage.adapter.out.sqlite.archfixture;

import dev.stowage.adapter.out.sqlite.engine.archfixture.EngineInternal;

/**
 * A class in one adapter that another adapter's fixture depends on. Package-private, as it should
 * be; it uses its own adapter's engine, which rule (g) allows.
 */
final class SqliteSide {
    static int answer() {
        return EngineInternal.answer();
    }
}
