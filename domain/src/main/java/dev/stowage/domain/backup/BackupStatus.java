package dev.stowage.domain.backup;

/**
 * Where a backup stands. A backup is COMPLETE only once its manifest (written after every object
 * it needs) is durable at the target; IN_PROGRESS while it is written; FAILED when writing it
 * failed, in which case no manifest exists and it can never be restored.
 */
public enum BackupStatus { IN_PROGRESS, COMPLETE, FAILED }
