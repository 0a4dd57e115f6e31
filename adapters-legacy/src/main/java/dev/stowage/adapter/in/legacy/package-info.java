/**
 * The inbound adapter for the legacy app's files: streaming readers that hand an import one entry
 * at a time, so no file, job list or base64 image is ever held whole in memory.
 *
 * <p>{@link dev.stowage.adapter.in.legacy.LegacyFilesModule} binds
 * {@link dev.stowage.application.port.in.legacy.LegacyFiles}. The queue state file is read twice
 * with Jackson's {@code JsonParser}: once through, to check it is well-formed, keep its members other
 * than the jobs and measure each job entry, then entry by entry for the import. The programs export
 * is read once; each {@code config.masterImage} data URL is taken out of the byte stream before the
 * parser sees it and decoded as it streams by into a temporary file. Implementations are
 * package-private.
 */
package dev.stowage.adapter.in.legacy;
