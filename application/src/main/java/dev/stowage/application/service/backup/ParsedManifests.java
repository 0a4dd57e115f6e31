package dev.stowage.application.service.backup;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.common.Sha256;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;

/**
 * Manifests read from a target, parsed, with the last one this process wrote or parsed kept, by
 * the SHA-256 of its bytes. A large database's manifest is megabytes (7 MB for 1 GiB in 8 KiB
 * chunks) and takes most of a second to parse, and an incremental backup needs the newest one,
 * which in a long-running service is almost always the one its previous backup wrote.
 *
 * <p>Only bytes are trusted, never a name: the manifest is always read from the target again and
 * hashed (milliseconds), and the kept one is reused only when its digest is that of those bytes,
 * so the answer is the parse of exactly what the target holds now, as without the cache. A
 * manifest replaced behind this process's back (by hand, or by another process writing to the same
 * target) has another digest and is parsed.
 *
 * <p>The kept manifest is softly held: under memory pressure the collector may drop it, and the
 * next read parses again. Thread-safe: a manifest is immutable, and the slot is one volatile field.
 */
final class ParsedManifests {
    private final BackupTarget target;
    private volatile SoftReference<Kept> last = new SoftReference<>(null);

    private record Kept(Sha256 digest, BackupManifest manifest) {
    }

    ParsedManifests(BackupTarget target) {
        this.target = target;
    }

    /**
     * The manifest of backup {@code id} as the target holds it now.
     *
     * @throws dev.stowage.domain.error.NotFoundException     when the target has no such manifest
     * @throws dev.stowage.domain.error.InvalidInputException when its bytes are not a manifest
     */
    BackupManifest read(BackupId id) {
        return parse(target.readManifest(id));
    }

    /** {@code bytes} (a manifest's, as stored) parsed, or the kept parse of the same bytes. */
    BackupManifest parse(byte[] bytes) {
        return parse(bytes, Digests.of(bytes));
    }

    /** As {@link #parse(byte[])}, with the digest of {@code bytes} already known. */
    BackupManifest parse(byte[] bytes, Sha256 digest) {
        Kept kept = last.get();
        if (kept != null && kept.digest().equals(digest)) {
            return kept.manifest();
        }
        BackupManifest manifest = BackupManifest.parse(new String(bytes, StandardCharsets.UTF_8));
        keep(manifest, digest);
        return manifest;
    }

    /** Keeps {@code manifest}, whose stored bytes have the SHA-256 {@code digest}: one this process just wrote. */
    void keep(BackupManifest manifest, Sha256 digest) {
        last = new SoftReference<>(new Kept(digest, manifest));
    }
}
