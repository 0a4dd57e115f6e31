package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;

/**
 * The in-memory cache of document metadata in front of the SQLite catalog.
 *
 * <p>To change the defaults, bind an instance in the assembly:
 * {@code OptionalBinder.newOptionalBinder(binder(), DocumentCacheSettings.class).setBinding().toInstance(...)}.
 *
 * @param maximumBytes how much heap, estimated from each document's text, the cache may hold before it
 *                     evicts; 0 turns the cache off
 */
public record DocumentCacheSettings(long maximumBytes) {
    /** 32 MiB: tens of thousands of typical documents. */
    public static final long DEFAULT_MAXIMUM_BYTES = 32L << 20;
    /** Any size; 0 turns the cache off. */
    public static final Allowed.Size MAXIMUM_BYTES = Allowed.atLeast(0);

    public DocumentCacheSettings {
        SettingsCheck.of(DocumentCacheSettings.class).in("maximumBytes", maximumBytes, MAXIMUM_BYTES).done();
    }

    public static DocumentCacheSettings defaults() {
        return new DocumentCacheSettings(DEFAULT_MAXIMUM_BYTES);
    }

    /** False when the cache is turned off. */
    public boolean enabled() {
        return maximumBytes > 0;
    }
}
