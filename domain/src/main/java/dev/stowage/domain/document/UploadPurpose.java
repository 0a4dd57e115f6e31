package dev.stowage.domain.document;

/**
 * What a resumable upload becomes when its last byte arrives: a document (the upload's name and
 * description say which), or a backup archive that is imported as a backup (administrators only).
 * Either way the bytes are staged in pieces that survive interruptions, under the same protocol.
 */
public enum UploadPurpose { DOCUMENT, BACKUP_ARCHIVE }
