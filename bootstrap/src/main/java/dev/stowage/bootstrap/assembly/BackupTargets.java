package dev.stowage.bootstrap.assembly;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.stowage.adapter.out.fs.FsBackupModule;
import dev.stowage.adapter.out.fs.FsDataFoldersModule;
import dev.stowage.adapter.out.s3.S3BackupModule;
import dev.stowage.bootstrap.config.StowageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The backup targets by the name used in {@code stowage.backups.target}. Each entry gives the Guice
 * module to install for that target: it binds the backup target and the data folders a restore
 * works on (always local).
 */
public final class BackupTargets {
    private final Map<String, Function<StowageConfig, Module>> byName;
    private final List<String> names;

    private BackupTargets(LinkedHashMap<String, Function<StowageConfig, Module>> byName) {
        this.byName = Map.copyOf(byName);
        this.names = List.copyOf(byName.keySet());
    }

    /** The targets Stowage ships: {@code fs} and {@code s3}. */
    public static BackupTargets standard() {
        var byName = new LinkedHashMap<String, Function<StowageConfig, Module>>();
        byName.put("fs", BackupTargets::fs);
        byName.put("s3", BackupTargets::s3);
        return new BackupTargets(byName);
    }

    /** The target names, in the order they are documented. */
    public List<String> names() {
        return names;
    }

    /**
     * The module for the configured target.
     *
     * @throws IllegalArgumentException naming the key and the allowed values for an unknown target
     */
    public Module moduleFor(StowageConfig config) {
        Function<StowageConfig, Module> factory = byName.get(config.backups().target());
        if (factory == null) {
            throw new IllegalArgumentException("stowage.backups.target: '" + config.backups().target()
                    + "' is not one of " + names);
        }
        return factory.apply(config);
    }

    static Module fs(StowageConfig config) {
        return new FsBackupModule(config.backupsDir());
    }

    /** The blobs' S3 connection, with the backups' own bucket and prefix. */
    static Module s3(StowageConfig config) {
        var settings = config.backups().s3().orElseThrow(() -> new IllegalArgumentException(
                "stowage.backups.target is s3 but no S3 settings were read"));
        return Modules.combine(new S3BackupModule(settings), new FsDataFoldersModule());
    }
}
