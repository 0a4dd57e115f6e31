package dev.stowage.domain.backup;

/** A backup is COMPLETE only once its archive and manifest are durable at the target. */
public enum BackupStatus { IN_PROGRESS, COMPLETE, FAILED }
