package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.adapter.out.sqlite.engine.DatabaseHealth;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.SqliteDatabaseAdmin;
import dev.stowage.adapter.out.sqlite.engine.SqliteEngine;
import dev.stowage.adapter.out.sqlite.engine.SqliteSnapshotFiles;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Leadership;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.SnapshotFiles;
import dev.stowage.application.port.out.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * The SQLite engine as Guice bindings.
 *
 * <p>Binds, as singletons, the engine's {@link Transactions} and {@link DatabaseAdmin}, and installs
 * one module an area for the stores: the queue (the job queue's five ports, job templates),
 * documents (the catalog, uploads), tokens, programs, and backups ({@link BackupCatalog},
 * {@link DatabaseSnapshots}); besides, the
 * maintenance {@link Leadership} (a lock file beside the database). It contributes the engine to {@code Set<Managed>} (phase 0: it
 * starts before and stops after everything that uses it) and a {@code database} entry to
 * {@code Set<HealthIndicator>}. The assembler must bind a {@link MeterRegistry} and a
 * {@link Clock}; the injector fails to build without them.
 *
 * <p>Nothing touches the database file until {@link Managed#start()}.
 */
public final class SqliteModule extends AbstractModule {
    private final SqliteSettings settings;

    /** A module for the database described by {@code settings}. */
    public SqliteModule(SqliteSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Only {@link SnapshotFiles}: the backup archive's database files, for an assembly whose live
     * database is another engine (a PostgreSQL backup is written into such a file). Opens nothing.
     */
    public static Module snapshotFiles() {
        return binder -> binder.bind(SnapshotFiles.class).toInstance(new SqliteSnapshotFiles());
    }

    @Override
    protected void configure() {
        requireBinding(MeterRegistry.class);
        // the stores of this package take their time from it
        requireBinding(Clock.class);
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(SqliteEngine.class);
        Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding().to(DatabaseHealth.class);

        // the stores, one module an area
        install(new QueueModule());
        install(new DocumentsModule());
        install(new TokensModule());
        install(new ProgramsModule());
        install(new BackupsModule());
    }

    @Provides
    @Singleton
    SqliteEngine engine(MeterRegistry registry) {
        return new SqliteEngine(settings, registry);
    }

    @Provides
    @Singleton
    Transactions transactions(SqliteEngine engine) {
        return engine;
    }

    @Provides
    @Singleton
    DatabaseAdmin databaseAdmin(SqliteEngine engine) {
        return new SqliteDatabaseAdmin(engine);
    }

    /** The maintenance leadership among the processes on this database file; opens nothing until asked. */
    @Provides
    @Singleton
    Leadership leadership() {
        return new SqliteLeadership(settings.databaseFile());
    }

    @Provides
    @Singleton
    DatabaseHealth databaseHealth(SqliteEngine engine) {
        return new DatabaseHealth(engine);
    }

    @Provides
    @Singleton
    Db db(SqliteEngine engine) {
        return new Db(engine);
    }
}
