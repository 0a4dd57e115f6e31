package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.ProgramStore;

/**
 * The program store on the SQLite engine. Installed by {@link SqliteModule}. The store is also the
 * holder of the program images' blob references: the assembly adds it to the holders the sweeper
 * and {@code fsck} ask.
 */
final class ProgramsModule extends AbstractModule {

    @Provides
    @Singleton
    ProgramStore programStore(Db db) {
        return new SqliteProgramStore(db);
    }
}
