package dev.stowage.bootstrap.assembly;

import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Elements;
import com.google.inject.util.Modules;
import dev.stowage.adapter.out.postgres.PostgresModule;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.adapter.out.sqlite.DocumentCacheSettings;
import dev.stowage.adapter.out.sqlite.SqliteModule;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.SnapshotFiles;
import dev.stowage.application.service.backup.ExportedSnapshots;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.bootstrap.config.InvalidConfigException;
import dev.stowage.bootstrap.config.StowageConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns {@code stowage.database.*} into the chosen engine's module: SQLite or PostgreSQL. */
final class DatabaseModules {
    /** Every database port the whole service needs from the engine's module. */
    static final List<Class<?>> SERVICE_PORTS = List.of(Transactions.class, DatabaseAdmin.class,
            JobEnqueueStore.class, JobWorkStore.class, JobManageStore.class, JobAdminStore.class, JobImportStore.class,
            JobTemplates.class, DocumentCatalog.class, UploadSessions.class, TokenStore.class, ProgramStore.class,
            BackupCatalog.class, DatabaseSnapshots.class);

    /**
     * On PostgreSQL the service needs, besides, the export its backups are written from: a backup
     * there is the export of one snapshot written into a snapshot file ({@link ExportedSnapshots}).
     */
    static final List<Class<?>> POSTGRES_SERVICE_PORTS = Stream.concat(SERVICE_PORTS.stream(),
            Stream.of(MetadataExport.class)).toList();

    private DatabaseModules() {
    }

    /**
     * {@link DatabaseSnapshots} for an engine whose live database is not a snapshot file: its
     * {@link MetadataExport} written into SQLite snapshot files, the one archive format of backups.
     */
    private static Module exportedSnapshots() {
        return Modules.combine(SqliteModule.snapshotFiles(), binder -> binder.bind(DatabaseSnapshots.class)
                .toProvider(new ExportedSnapshotsProvider()).in(Singleton.class));
    }

    /** Builds the snapshots from the bound export and snapshot files. */
    private static final class ExportedSnapshotsProvider implements Provider<DatabaseSnapshots> {
        @Inject
        MetadataExport live;
        @Inject
        SnapshotFiles files;

        @Override
        public DatabaseSnapshots get() {
            return new ExportedSnapshots(live, files);
        }
    }

    /**
     * @param migrateOnStart overrides {@code stowage.database.migrate-on-start}: the {@code db}
     *                       commands open the database without migrating so that they can report
     *                       and apply migrations themselves
     */
    static Module sqlite(SqliteSettings database, boolean migrateOnStart) {
        return new SqliteModule(new SqliteSettings(database.databaseFile(), database.synchronous(),
                database.readPoolSize(), database.busyTimeout(), database.maxBusyRetries(),
                database.checkpointInterval(), migrateOnStart));
    }

    /** The SQLite engine with the stores' settings from the whole configuration (the metadata cache). */
    static Module sqlite(StowageConfig config) {
        return Modules.combine(new SqliteModule(config.database()),
                binder -> OptionalBinder.newOptionalBinder(binder, DocumentCacheSettings.class).setBinding()
                        .toInstance(config.documentCache()));
    }

    /** The configured engine for the whole service. */
    static Module forService(StowageConfig config) {
        if (!config.onPostgres()) {
            return sqlite(config);
        }
        Module postgres = Modules.combine(new PostgresModule(config.postgres().orElseThrow()), exportedSnapshots());
        requireEvery(postgres, POSTGRES_SERVICE_PORTS);
        return postgres;
    }

    /** The configured engine alone, opened without migrating, for the {@code db} commands. */
    static Module forTools(StowageConfig config) {
        if (!config.onPostgres()) {
            return sqlite(config.database(), false);
        }
        PostgresSettings s = config.postgres().orElseThrow();
        return new PostgresModule(new PostgresSettings(s.url(), s.user(), s.password(), s.poolSize(),
                s.connectionTimeout(), s.wakeUps(), false));
    }

    /**
     * Refuses, before anything starts, an engine module that lacks some of the ports the service
     * needs: one clear message naming them, instead of an injector error or a service half there.
     */
    static void requireEvery(Module module, List<Class<?>> ports) {
        Set<Key<?>> bound = Elements.getElements(module).stream()
                .filter(e -> e instanceof Binding<?>)
                .map(e -> ((Binding<?>) e).getKey())
                .collect(Collectors.toSet());
        List<String> missing = ports.stream().filter(p -> !bound.contains(Key.get(p))).map(Class::getSimpleName).toList();
        if (!missing.isEmpty()) {
            throw new InvalidConfigException(List.of("stowage.database.backend: 'postgres' cannot run the whole "
                    + "service yet: the PostgreSQL adapter does not implement " + String.join(", ", missing)
                    + " (the job queue, templates and the db commands work on it); use sqlite until it does"));
        }
    }
}
