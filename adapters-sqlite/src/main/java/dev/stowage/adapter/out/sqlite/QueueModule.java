package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.domain.common.UlidSequence;
import java.time.Clock;

/**
 * The job queue on the SQLite engine: its five store ports, all one {@link SqliteJobStore} (so an
 * enqueue and a claim meet in the same store), and {@link JobTemplates}. Installed by
 * {@link SqliteModule}. Lease ids only need to be fresh ULIDs, so the store makes them with a
 * generator of its own on the bound {@link Clock}: the module then assembles without the
 * application's bindings (database tools, for one).
 */
final class QueueModule extends AbstractModule {

    @Provides
    @Singleton
    SqliteJobStore jobStore(Db db, Clock clock) {
        return new SqliteJobStore(db, new UlidSequence(clock)::next);
    }

    @Provides
    JobEnqueueStore jobEnqueueStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobWorkStore jobWorkStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobManageStore jobManageStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobAdminStore jobAdminStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobImportStore jobImportStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    @Singleton
    JobTemplates jobTemplates(Db db) {
        return new SqliteJobTemplates(db);
    }
}
