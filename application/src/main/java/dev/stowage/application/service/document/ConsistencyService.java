package dev.stowage.application.service.document;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.out.BlobReferences;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.Temporary;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compares what the holders of blob references (documents, programs and their revisions) say with
 * what the blob store holds: every referred blob must be there with its recorded size (and, when
 * asked, digest), and every blob must be referred to by some holder.
 *
 * <p>Orphans are judged conservatively: a blob counts as an orphan only when no holder refers to it
 * and it is older than the grace period, because an upload in flight writes its blob before the
 * metadata that refers to it.
 */
public final class ConsistencyService implements CheckConsistencyUseCase {
    private static final int BATCH = 500;

    private final List<BlobReferences> holders;
    private final BlobStore blobs;
    private final ResumableUploadService uploads;
    private final Clock clock;
    private final DocumentSettings settings;

    /**
     * @param holders every holder of blob references (the document catalog, the program store): a
     *                blob none of them refers to is an orphan, so leaving one out would get its
     *                blobs swept
     */
    public ConsistencyService(Collection<? extends BlobReferences> holders, BlobStore blobs,
                              ResumableUploadService uploads, Clock clock, DocumentSettings settings) {
        this.holders = List.copyOf(Objects.requireNonNull(holders, "holders"));
        if (this.holders.isEmpty()) {
            throw new IllegalArgumentException("no holders of blob references: every blob would count as an orphan");
        }
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public List<Finding> check(boolean verifyContent, boolean repair) {
        var findings = new ArrayList<Finding>();
        for (BlobReferences holder : holders) {
            checkReferences(holder, verifyContent, findings);
        }
        sweep(repair, true, findings);
        return findings;
    }

    /**
     * The cheap, safe part of a repair, for a periodic sweeper: removes orphaned blobs past the grace
     * period, temporary leftovers and expired uploads, and returns what it removed (temporary data
     * that may be in use is left alone and not listed). Reads no document's bytes.
     */
    public List<Finding> sweep() {
        var findings = new ArrayList<Finding>();
        sweep(true, false, findings);
        return findings;
    }

    private void sweep(boolean repair, boolean listInUse, List<Finding> findings) {
        checkOrphans(repair, findings);
        checkTemporaries(repair, listInUse, findings);
        if (repair) {
            int expired;
            while ((expired = uploads.expire(BATCH)) > 0) {
                findings.add(new Finding(Finding.Kind.EXPIRED_UPLOAD, "uploads", expired + " expired uploads removed", true));
            }
        }
    }

    /**
     * Judges each temporary item: what a process that is gone left, or what is older than the
     * grace, is garbage (and removed on repair); the rest may belong to a write still going on.
     * Whether a repair removed an item is read back from the store rather than assumed.
     */
    private void checkTemporaries(boolean repair, boolean listInUse, List<Finding> findings) {
        Instant cutoff = clock.instant().minus(settings.orphanGrace());
        List<Temporary> found = blobs.temporaries();
        Set<String> left = Set.of();
        if (repair && !found.isEmpty()) {
            blobs.sweepTemporary(settings.orphanGrace());
            left = new HashSet<>();
            for (Temporary t : blobs.temporaries()) {
                left.add(t.name());
            }
        }
        for (Temporary t : found) {
            boolean dead = t.owner() == Temporary.Owner.DEAD;
            boolean old = !t.lastWritten().isAfter(cutoff);
            String facts = t.bytes() + " bytes, last written " + t.lastWritten();
            if (dead || old) {
                findings.add(new Finding(Finding.Kind.STALE_TEMPORARY, "temporary " + t.name(),
                        facts + (dead ? ", left by a process that is gone" : ", older than the orphan grace"),
                        repair && !left.contains(t.name()), OptionalLong.of(t.bytes())));
            } else if (listInUse) {
                findings.add(new Finding(Finding.Kind.TEMPORARY_IN_USE, "temporary " + t.name(),
                        facts + (t.owner() == Temporary.Owner.RUNNING
                                ? ", held by a running process"
                                : ", younger than the orphan grace"), false, OptionalLong.of(t.bytes())));
            }
        }
    }

    private void checkReferences(BlobReferences holder, boolean verifyContent, List<Finding> findings) {
        Optional<Cursor> after = Optional.empty();
        do {
            Page<BlobReference> page = holder.references(new PageRequest(BATCH, after));
            for (BlobReference r : page.items()) {
                check(r, verifyContent).ifPresent(findings::add);
            }
            after = page.next();
        } while (after.isPresent());
    }

    private Optional<Finding> check(BlobReference r, boolean verifyContent) {
        Optional<BlobInfo> info = blobs.stat(r.blob());
        if (info.isEmpty()) {
            return Optional.of(new Finding(Finding.Kind.MISSING_BLOB, r.referrer(), "blob " + r.blob() + " is missing", false));
        }
        if (r.size().isPresent() && info.get().size() != r.size().getAsLong()) {
            return Optional.of(new Finding(Finding.Kind.CORRUPT_BLOB, r.referrer(),
                    "blob " + r.blob() + " has " + info.get().size() + " bytes, metadata says " + r.size().getAsLong(), false));
        }
        if (verifyContent && r.sha256().isPresent()) {
            Sha256 actual = digestOf(r.blob());
            if (!actual.equals(r.sha256().get())) {
                return Optional.of(new Finding(Finding.Kind.CORRUPT_BLOB, r.referrer(),
                        "blob " + r.blob() + " has SHA-256 " + actual + ", metadata says " + r.sha256().get(), false));
            }
        }
        return Optional.empty();
    }

    private void checkOrphans(boolean repair, List<Finding> findings) {
        var cutoff = clock.instant().minus(settings.orphanGrace());
        Iterator<BlobInfo> it = blobs.list("");
        var batch = new ArrayList<BlobInfo>(BATCH);
        while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == BATCH || !it.hasNext()) {
                var keys = batch.stream().map(BlobInfo::key).toList();
                Set<BlobKey> referenced = new HashSet<>();
                for (BlobReferences h : holders) {
                    referenced.addAll(h.referenced(keys));
                }
                for (BlobInfo b : batch) {
                    if (!referenced.contains(b.key()) && b.storedAt().isBefore(cutoff)) {
                        boolean removed = repair && blobs.delete(b.key());
                        findings.add(new Finding(Finding.Kind.ORPHAN_BLOB, "blob " + b.key(),
                                b.size() + " bytes referenced by nothing", removed, OptionalLong.of(b.size())));
                    }
                }
                batch.clear();
            }
        }
    }

    private Sha256 digestOf(BlobKey key) {
        try (InputStream in = new DigestInputStream(blobs.open(key), Sha256.newDigest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Sha256.of(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read blob " + key, e);
        }
    }
}
