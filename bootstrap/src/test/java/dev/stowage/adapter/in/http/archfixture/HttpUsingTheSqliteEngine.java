package dev.stowage.adapter.in.http.archfixture;

import dev.stowage.adapter.out.sqlite.engine.archfixture.EngineInternal;

/** Breaks rule (g): a class outside the SQLite adapter using what its engine made public. */
final class HttpUsingTheSqliteEngine {
    static int answer() {
        return EngineInternal.answer();
    }
}
