package dev.stowage.domain.document;

/** Who may read a document: its owner only (the default), or anyone. */
public enum Visibility { PRIVATE, PUBLIC }
