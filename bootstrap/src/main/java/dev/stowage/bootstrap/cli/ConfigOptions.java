package dev.stowage.bootstrap.cli;

import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that opens the data folder takes. */
final class ConfigOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The data folder (stowage.data-dir); the database, blobs, backups and tmp "
                    + "folders default to places inside it.")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A HOCON file whose settings override the defaults.")
    Path configFile;

    /** Loads the configuration with these options and {@code extra} command-line values on top. */
    StowageConfig load(Map<String, String> environment, Map<String, String> extra) {
        var overrides = new LinkedHashMap<String, String>(extra);
        if (dataDir != null) {
            overrides.put("stowage.data-dir", dataDir.toString());
        }
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.ofNullable(configFile), environment, overrides));
    }
}
