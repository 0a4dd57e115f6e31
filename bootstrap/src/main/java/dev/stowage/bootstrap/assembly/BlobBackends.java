package dev.stowage.bootstrap.assembly;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.stowage.adapter.out.fs.FsBlobModule;
import dev.stowage.adapter.out.fs.FsSettings;
import dev.stowage.adapter.out.fs.FsUploadStagingModule;
import dev.stowage.adapter.out.s3.S3BlobModule;
import dev.stowage.bootstrap.config.StowageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blob backends by the name used in {@code stowage.blobs.backend}. Each entry gives the Guice
 * module to install for that backend: it binds the blob store, contributes the {@code blobs} health
 * indicator, and makes sure unfinished resumable uploads have local staging space (which stays on
 * the local disk whatever the backend, under {@code stowage.tmp-dir}).
 */
public final class BlobBackends {
    /** Makes a backend's module. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param reclaimAtStart whether start-up removes what processes that are gone left behind,
         *                       where the backend can tell (see {@link Stowage#inspection})
         */
        Module module(StowageConfig config, boolean reclaimAtStart);
    }

    private final Map<String, Factory> byName;
    private final List<String> names;

    private BlobBackends(LinkedHashMap<String, Factory> byName) {
        this.byName = Map.copyOf(byName);
        this.names = List.copyOf(byName.keySet());
    }

    /** The backends Stowage ships: {@code fs} and {@code s3}. */
    public static BlobBackends standard() {
        var byName = new LinkedHashMap<String, Factory>();
        byName.put("fs", BlobBackends::fs);
        byName.put("s3", BlobBackends::s3);
        return new BlobBackends(byName);
    }

    /** The backend names, in the order they are documented. */
    public List<String> names() {
        return names;
    }

    /**
     * The module for the configured backend.
     *
     * @throws IllegalArgumentException naming the key and the allowed values for an unknown backend
     */
    public Module moduleFor(StowageConfig config) {
        return moduleFor(config, true);
    }

    /**
     * The module for the configured backend, which at start-up leaves what dead processes left
     * behind where it is when {@code reclaimAtStart} is false.
     *
     * @throws IllegalArgumentException naming the key and the allowed values for an unknown backend
     */
    public Module moduleFor(StowageConfig config, boolean reclaimAtStart) {
        Factory factory = byName.get(config.blobs().backend());
        if (factory == null) {
            throw new IllegalArgumentException("stowage.blobs.backend: '" + config.blobs().backend()
                    + "' is not one of " + names);
        }
        return factory.module(config, reclaimAtStart);
    }

    static Module fs(StowageConfig config, boolean reclaimAtStart) {
        FsSettings fs = config.blobs().fs();
        return new FsBlobModule(new FsSettings(fs.blobRoot(), fs.stagingDir(), reclaimAtStart));
    }

    /** S3 cannot tell a dead writer's leftovers from a live one's: the sweeper judges them by age. */
    static Module s3(StowageConfig config, boolean reclaimAtStart) {
        var settings = config.blobs().s3().orElseThrow(() -> new IllegalArgumentException(
                "stowage.blobs.backend is s3 but no S3 settings were read"));
        return Modules.combine(new S3BlobModule(settings), new FsUploadStagingModule(config.uploadStagingDir()));
    }
}
