package dev.stowage.application.service.program;

import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.application.port.in.program.ProgramImport;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.port.out.ImageInspector.ImageFacts;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Programs: versioned configs whose master images are blobs.
 *
 * <p>Bytes first, rows second: an image and its thumbnail are written and checked before the
 * transaction that makes the program refer to them, so no program ever points at a partial or
 * missing blob; a failure in between deletes them, a crash leaves them unreferenced for the
 * sweeper. Deletion goes the other way: rows first, then blobs. Image blobs get fresh keys on every
 * upload and are never overwritten, so a revision that still refers to an old image keeps it intact.
 */
public final class ProgramService implements ManageProgramsUseCase {
    private static final System.Logger LOG = System.getLogger(ProgramService.class.getName());

    private final ProgramStore store;
    private final BlobStore blobs;
    private final ImageInspector images;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final ProgramSettings settings;

    public ProgramService(ProgramStore store, BlobStore blobs, ImageInspector images, Transactions tx,
                          IdGenerator ids, Clock clock, ProgramSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.images = Objects.requireNonNull(images, "images");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Program create(Actor actor, ProgramDraft draft) {
        UserId who = actor.requireUser();
        Objects.requireNonNull(draft, "draft");
        Sha256 sha = checkedConfig(draft.config());
        var now = clock.instant();
        Program program = new Program(new ProgramId(ids.next()), draft.name(), draft.description(), draft.config(),
                draft.configSchemaVersion(), sha, draft.active(), 1, Optional.empty(), Optional.empty(), now, now, who);
        tx.writeVoid(() -> {
            // the store refuses a taken name too; asking first gives the clearer message
            if (store.findByName(draft.name()).isPresent()) {
                throw nameTaken(draft.name());
            }
            store.insert(program);
        });
        return program;
    }

    @Override
    public Program get(ProgramId id) {
        return existing(id);
    }

    @Override
    public Program getByName(ProgramName name) {
        Objects.requireNonNull(name, "name");
        return store.findByName(name).orElseThrow(() -> new NotFoundException("program '" + name + "' not found"));
    }

    @Override
    public Page<Program> list(ProgramQuery query, PageRequest page) {
        return store.list(Objects.requireNonNull(query, "query"), Objects.requireNonNull(page, "page"));
    }

    @Override
    public Program update(Actor actor, ProgramId id, long expectedVersion, ProgramDraft draft) {
        UserId who = actor.requireUser();
        Objects.requireNonNull(draft, "draft");
        Sha256 sha = checkedConfig(draft.config());
        return change(id, expectedVersion, current -> new Program(current.id(), draft.name(), draft.description(),
                draft.config(), draft.configSchemaVersion(), sha, draft.active(), current.version() + 1,
                current.image(), current.externalRef(), current.createdAt(), clock.instant(), who));
    }

    @Override
    public Program setActive(Actor actor, ProgramId id, long expectedVersion, boolean active) {
        UserId who = actor.requireUser();
        return change(id, expectedVersion, current -> new Program(current.id(), current.name(),
                current.description(), current.config(), current.configSchemaVersion(), current.configSha256(),
                active, current.version() + 1, current.image(), current.externalRef(), current.createdAt(),
                clock.instant(), who));
    }

    @Override
    public void delete(Actor actor, ProgramId id, long expectedVersion) {
        actor.requireAdmin("deleting a program");
        Set<BlobKey> keys = tx.write(() -> {
            Program current = atVersion(id, expectedVersion);
            Set<BlobKey> referenced = new LinkedHashSet<>();
            addKeys(current.image(), referenced);
            PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
            while (true) {
                Page<ProgramRevision> revisions = store.revisions(id, page);
                revisions.items().forEach(r -> addKeys(r.image(), referenced));
                if (revisions.next().isEmpty()) {
                    break;
                }
                page = PageRequest.after(revisions.next().get(), PageRequest.MAX_LIMIT);
            }
            store.delete(id);
            return referenced;
        });
        // The rows are gone, so no reader can reach these blobs any more. One that fails to go is an
        // orphan, which the sweeper removes.
        keys.forEach(this::deleteQuietly);
    }

    @Override
    public Program putImage(Actor actor, ProgramId id, long expectedVersion, InputStream image) {
        UserId who = actor.requireUser();
        Objects.requireNonNull(image, "image");
        // refuse a stale version before a single byte is stored
        atVersion(id, expectedVersion);
        StoredImage stored = storeImage(id, image);
        try {
            return change(id, expectedVersion, current -> new Program(current.id(), current.name(),
                    current.description(), current.config(), current.configSchemaVersion(), current.configSha256(),
                    current.active(), current.version() + 1, Optional.of(stored.image), current.externalRef(),
                    current.createdAt(), clock.instant(), who));
        } catch (RuntimeException e) {
            stored.delete(e);
            throw e;
        }
    }

    @Override
    public ProgramImport.Outcome importProgram(Actor actor, ProgramImport imported, boolean dryRun) {
        actor.requireAdmin("importing programs");
        UserId who = actor.requireUser();
        Objects.requireNonNull(imported, "imported");
        ProgramDraft draft = imported.draft();
        Sha256 sha = checkedConfig(draft.config());
        Optional<Program> already = store.findByExternalRef(imported.externalRef());
        if (already.isPresent()) {
            return new ProgramImport.Outcome(already.get(), false);
        }
        ProgramId id = new ProgramId(ids.next());
        if (dryRun) {
            if (store.findByName(draft.name()).isPresent()) {
                throw nameTaken(draft.name());
            }
            Optional<ProgramImage> image = imported.image().map(this::checkedImage);
            return new ProgramImport.Outcome(imported(imported, id, sha, image, who), true);
        }
        Optional<StoredImage> stored = imported.image().map(bytes -> {
            try (InputStream in = bytes.get()) {
                return storeImage(id, in);
            } catch (IOException e) {
                throw new StorageUnavailableException("could not read the image to import", e);
            }
        });
        Program program = imported(imported, id, sha, stored.map(StoredImage::image), who);
        try {
            return tx.write(() -> {
                // asked again inside the transaction: another import of the same file may have won
                Optional<Program> won = store.findByExternalRef(imported.externalRef());
                if (won.isPresent()) {
                    stored.ifPresent(s -> s.delete(null));
                    return new ProgramImport.Outcome(won.get(), false);
                }
                if (store.findByName(draft.name()).isPresent()) {
                    throw nameTaken(draft.name());
                }
                store.insert(program);
                return new ProgramImport.Outcome(program, true);
            });
        } catch (RuntimeException e) {
            stored.ifPresent(s -> s.delete(e));
            throw e;
        }
    }

    private static Program imported(ProgramImport imported, ProgramId id, Sha256 configSha,
                                    Optional<ProgramImage> image, UserId who) {
        ProgramDraft d = imported.draft();
        return new Program(id, d.name(), d.description(), d.config(), d.configSchemaVersion(), configSha, d.active(), 1,
                image, Optional.of(imported.externalRef()), imported.createdAt(), imported.updatedAt(), who);
    }

    /** An image and its thumbnail written to the blob store, not yet referred to by any program. */
    private record StoredImage(ProgramImage image, List<BlobKey> written, BlobStore blobs) {
        /** Removes the blobs after a failure; one that will not go is an orphan for the sweeper. */
        void delete(RuntimeException failure) {
            for (BlobKey key : written) {
                try {
                    blobs.delete(key);
                } catch (RuntimeException cleanup) {
                    if (failure != null) {
                        failure.addSuppressed(cleanup);
                    }
                }
            }
        }
    }

    /**
     * Streams the image into a fresh blob, checks it and writes its thumbnail. On any failure what was
     * written is deleted again.
     */
    private StoredImage storeImage(ProgramId id, InputStream image) {
        Objects.requireNonNull(image, "image");
        String stem = "programs/" + id.value().toLowerCase(Locale.ROOT) + "/" + ids.next().toLowerCase(Locale.ROOT);
        BlobKey imageKey = new BlobKey(stem + ".img");
        BlobKey thumbnailKey = new BlobKey(stem + ".thumb.png");
        List<BlobKey> written = new ArrayList<>();
        try {
            BlobInfo stored = putImageBytes(imageKey, image);
            written.add(imageKey);
            ImageFacts facts = inspectStored(imageKey);
            byte[] thumbnail = thumbnailOf(imageKey);
            written.add(thumbnailKey);
            blobs.put(thumbnailKey, new ByteArrayInputStream(thumbnail), PutOptions.unlimited());
            return new StoredImage(new ProgramImage(imageKey, facts.mimeType(), stored.size(), stored.sha256(),
                    facts.width(), facts.height(), Optional.of(thumbnailKey)), List.copyOf(written), blobs);
        } catch (RuntimeException e) {
            new StoredImage(null, written, blobs).delete(e);
            throw e;
        }
    }

    /**
     * The checks {@link #storeImage} makes, without writing: the size limit, the header, and a
     * thumbnail made from a second read. The result's blob keys are placeholders of a dry run.
     */
    private ProgramImage checkedImage(Supplier<InputStream> bytes) {
        try {
            ImageFacts facts;
            LimitedDigestStream counted;
            try (var in = new LimitedDigestStream(bytes.get(), settings.maxImageBytes(), "program image")) {
                facts = images.inspect(in);
                in.transferTo(OutputStream.nullOutputStream());
                counted = in;
            }
            try (InputStream again = bytes.get()) {
                images.thumbnail(again, OutputStream.nullOutputStream(), settings.thumbnailEdge());
            }
            return new ProgramImage(new BlobKey("programs/dry-run.img"), facts.mimeType(), counted.count(),
                    counted.sha256(), facts.width(), facts.height(), Optional.empty());
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read the image to check", e);
        }
    }

    @Override
    public ImageContent openImage(ProgramId id, Optional<ByteRange> range) {
        Objects.requireNonNull(range, "range");
        Program program = existing(id);
        ProgramImage image = program.image().orElseThrow(() -> noImage(program));
        if (range.isEmpty()) {
            return new ImageContent(program, image, blobs.open(image.blob()), Optional.empty());
        }
        ByteRange clipped = range.get().clip(image.size());
        return new ImageContent(program, image, blobs.open(image.blob(), clipped), Optional.of(clipped));
    }

    @Override
    public ImageContent openThumbnail(ProgramId id) {
        Program program = existing(id);
        ProgramImage image = program.image().orElseThrow(() -> noImage(program));
        BlobKey thumbnail = image.thumbnail()
                .orElseThrow(() -> new NotFoundException("program '" + program.name() + "' has no thumbnail"));
        return new ImageContent(program, image, blobs.open(thumbnail), Optional.empty());
    }

    @Override
    public Page<ProgramRevision> revisions(ProgramId id, PageRequest page) {
        Objects.requireNonNull(page, "page");
        return tx.read(() -> {
            existing(id);
            return store.revisions(id, page);
        });
    }

    @Override
    public ProgramRevision revision(ProgramId id, long version) {
        return tx.read(() -> stateAt(existing(id), version));
    }

    @Override
    public ProgramDiff diff(ProgramId id, long fromVersion, long toVersion) {
        return tx.read(() -> {
            Program current = existing(id);
            return ProgramDiff.between(stateAt(current, fromVersion), stateAt(current, toVersion));
        });
    }

    @Override
    public Program restore(Actor actor, ProgramId id, long version, long expectedVersion) {
        UserId who = actor.requireUser();
        return tx.write(() -> {
            Program current = atVersion(id, expectedVersion);
            ProgramRevision was = stateAt(current, version);
            Program restored = new Program(current.id(), was.name(), was.description(), was.config(),
                    was.configSchemaVersion(), was.configSha256(), current.active(), current.version() + 1,
                    was.image(), current.externalRef(), current.createdAt(), clock.instant(), who);
            return updateChecked(current, restored, expectedVersion);
        });
    }

    // ---- helpers ----

    /** Reads, checks the version, applies {@code edit} and stores the result in one transaction. */
    private Program change(ProgramId id, long expectedVersion, java.util.function.UnaryOperator<Program> edit) {
        return tx.write(() -> {
            Program current = atVersion(id, expectedVersion);
            return updateChecked(current, edit.apply(current), expectedVersion);
        });
    }

    private Program updateChecked(Program current, Program changed, long expectedVersion) {
        if (!changed.name().equals(current.name())) {
            store.findByName(changed.name()).ifPresent(other -> {
                throw nameTaken(changed.name());
            });
        }
        return store.update(changed, expectedVersion);
    }

    private Program existing(ProgramId id) {
        Objects.requireNonNull(id, "id");
        return store.find(id).orElseThrow(() -> NotFoundException.of("program", id));
    }

    private Program atVersion(ProgramId id, long expectedVersion) {
        Program current = existing(id);
        if (current.version() != expectedVersion) {
            throw new VersionMismatchException("program '" + current.name() + "'", expectedVersion, current.version());
        }
        return current;
    }

    /** The program's state at {@code version}: the current one, or a kept revision. */
    private ProgramRevision stateAt(Program current, long version) {
        if (version == current.version()) {
            return ProgramRevision.of(current);
        }
        return store.revision(current.id(), version).orElseThrow(() -> new NotFoundException(
                "program '" + current.name() + "' has no version " + version + " (it is at version "
                        + current.version() + ")"));
    }

    /** The config's digest, once its size is checked. */
    private Sha256 checkedConfig(JsonText config) {
        byte[] utf8 = config.json().getBytes(StandardCharsets.UTF_8);
        if (utf8.length > settings.maxConfigBytes()) {
            throw new TooLargeException("program config", settings.maxConfigBytes());
        }
        return Sha256.digest(utf8);
    }

    private BlobInfo putImageBytes(BlobKey key, InputStream image) {
        try {
            return blobs.put(key, image, PutOptions.unlimited().withMaxBytes(settings.maxImageBytes()));
        } catch (TooLargeException e) {
            // the blob store only knows a byte count; say which limit it was
            throw new TooLargeException("program image", settings.maxImageBytes());
        }
    }

    private ImageFacts inspectStored(BlobKey key) {
        try (InputStream in = blobs.open(key)) {
            return images.inspect(in);
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read back image blob '" + key + "'", e);
        }
    }

    /** A thumbnail is at most a few hundred KiB (its edge is bounded), so it is made in memory. */
    private byte[] thumbnailOf(BlobKey key) {
        var png = new ByteArrayOutputStream();
        try (InputStream in = blobs.open(key)) {
            images.thumbnail(in, png, settings.thumbnailEdge());
        } catch (IOException e) {
            throw new StorageUnavailableException("could not read back image blob '" + key + "'", e);
        }
        return png.toByteArray();
    }

    private void deleteQuietly(BlobKey key) {
        try {
            blobs.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete blob " + key + " of a deleted program; the sweeper will: " + e);
        }
    }

    private static void addKeys(Optional<ProgramImage> image, Set<BlobKey> keys) {
        image.ifPresent(i -> {
            keys.add(i.blob());
            i.thumbnail().ifPresent(keys::add);
        });
    }

    private static AlreadyExistsException nameTaken(ProgramName name) {
        return new AlreadyExistsException("program '" + name + "' already exists");
    }

    private static NotFoundException noImage(Program program) {
        return new NotFoundException("program '" + program.name() + "' has no image");
    }
}
