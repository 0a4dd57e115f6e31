/**
 * The errors of Stowage: one unchecked, sealed hierarchy rooted at
 * {@link dev.stowage.domain.error.StowageException}, each carrying a stable
 * {@link dev.stowage.domain.error.ErrorCode}. Every adapter maps its own failures onto it.
 */
package dev.stowage.domain.error;
