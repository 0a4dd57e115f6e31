package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAMS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAM_REVISIONS;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.UniqueClash;
import dev.stowage.adapter.out.sqlite.schema.tables.records.ProgramRevisionsRecord;
import dev.stowage.adapter.out.sqlite.schema.tables.records.ProgramsRecord;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramPosition;
import dev.stowage.domain.program.ProgramPosition.Reference;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramReferenceWalk;
import dev.stowage.domain.program.ProgramRevision;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * Programs in the {@code programs} table and the states updates replaced in
 * {@code program_revisions} (V9). Image bytes are in the blob store; the rows hold their keys.
 *
 * <p>An update reads the current row, copies it into a revision and writes the new state in one
 * write transaction: a failed update (stale version, name clash) leaves neither. The listing pages
 * by name, which is unique, so a page is one range of the name index.
 */
final class SqliteProgramStore implements ProgramStore {
    // four IN lists per statement: 4 x 200 stays below SQLite's smallest bound-parameter limit of old builds (999)
    static final int REFERENCE_CHUNK = 200;
    // the partial index on active programs matches this literal only; a bound parameter would hide it
    private static final Field<Long> ACTIVE = DSL.inline(1L);

    private final Db db;

    SqliteProgramStore(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(Program program) {
        Checks.present(program, "program");
        ProgramsRecord row = toRecord(program);
        db.write(ctx -> UniqueClash.explained(
                () -> ctx.insertInto(PROGRAMS).set(row).execute(),
                () -> clash(ctx, program, true)));
    }

    @Override
    public Optional<Program> find(ProgramId id) {
        Checks.present(id, "program id");
        return db.read(ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.ID.eq(id.value()))
                .fetchOptional(SqliteProgramStore::toProgram));
    }

    @Override
    public Optional<Program> findByName(ProgramName name) {
        Checks.present(name, "program name");
        return db.read(ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.NAME.eq(name.value()))
                .fetchOptional(SqliteProgramStore::toProgram));
    }

    @Override
    public Optional<Program> findByExternalRef(String externalRef) {
        Checks.present(externalRef, "external ref");
        return db.read(ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.EXTERNAL_REF.eq(externalRef))
                .fetchOptional(SqliteProgramStore::toProgram));
    }

    @Override
    public Page<Program> list(ProgramQuery query, PageRequest page) {
        Checks.present(query, "query");
        Checks.present(page, "page");
        // decoded before the read: a bad cursor is the caller's error, not a database one
        Optional<String> after = page.after().map(ProgramPosition::name);
        List<Program> rows = db.read(ctx -> listQuery(ctx, query, after, page.limit() + 1).fetch(SqliteProgramStore::toProgram));
        return Page.fromReadAhead(rows, page.limit(), p -> ProgramPosition.afterName(p.name()));
    }

    /**
     * The query behind {@link #list}: at most {@code limit} programs named after {@code afterName}.
     * Package-private so the query-plan test checks the very SQL the store runs.
     */
    static ResultQuery<ProgramsRecord> listQuery(DSLContext ctx, ProgramQuery query, Optional<String> afterName, int limit) {
        Condition where = query.activeOnly() ? PROGRAMS.ACTIVE.eq(ACTIVE) : DSL.noCondition();
        if (query.nameContains().isPresent()) {
            // literal and case-blind as Java folds case: instr, not LIKE, so '%' and '_' are plain characters
            String needle = WellFormedText.require(query.nameContains().get(), "name search").toLowerCase(Locale.ROOT);
            where = where.and(DSL.function("instr", Long.class, PROGRAMS.NAME_FOLDED, DSL.val(needle)).gt(0L));
        }
        if (afterName.isPresent()) {
            where = where.and(PROGRAMS.NAME.gt(afterName.get()));
        }
        return ctx.selectFrom(PROGRAMS).where(where).orderBy(PROGRAMS.NAME).limit(limit);
    }

    @Override
    public Program update(Program changed, long expectedVersion) {
        Checks.present(changed, "program");
        String id = changed.id().value();
        // mapped before the transaction: bad input is refused without touching the writer
        ProgramsRecord next = toRecord(changed);
        return db.write(ctx -> {
            ProgramsRecord current = ctx.selectFrom(PROGRAMS).where(PROGRAMS.ID.eq(id)).fetchOne();
            if (current == null) {
                throw NotFoundException.of("program", changed.id());
            }
            if (current.getVersion() != expectedVersion) {
                throw new VersionMismatchException("program '" + current.getName() + "'", expectedVersion, current.getVersion());
            }
            ctx.insertInto(PROGRAM_REVISIONS).set(toRevision(current)).execute();
            // id and creation time are the stored ones; the row is written whole from the changed program
            next.setVersion(expectedVersion + 1);
            next.setCreatedAt(current.getCreatedAt());
            next.changed(PROGRAMS.ID, false);
            next.changed(PROGRAMS.CREATED_AT, false);
            // a clash throws out of this write, whose savepoint takes the revision back with it
            return UniqueClash.explained(
                    () -> ctx.update(PROGRAMS).set(next)
                            .where(PROGRAMS.ID.eq(id).and(PROGRAMS.VERSION.eq(expectedVersion)))
                            .returning()
                            .fetchSingle(SqliteProgramStore::toProgram),
                    () -> clash(ctx, changed, false));
        });
    }

    @Override
    public Optional<Program> delete(ProgramId id) {
        Checks.present(id, "program id");
        return db.write(ctx -> {
            ctx.deleteFrom(PROGRAM_REVISIONS).where(PROGRAM_REVISIONS.PROGRAM_ID.eq(id.value())).execute();
            return ctx.deleteFrom(PROGRAMS).where(PROGRAMS.ID.eq(id.value())).returning()
                    .fetchOptional(SqliteProgramStore::toProgram);
        });
    }

    @Override
    public Page<ProgramRevision> revisions(ProgramId id, PageRequest page) {
        Checks.present(id, "program id");
        Checks.present(page, "page");
        Optional<Long> below = page.after().map(ProgramPosition::version);
        List<ProgramRevision> rows = db.read(ctx -> revisionsQuery(ctx, id, below, page.limit() + 1)
                .fetch(SqliteProgramStore::toRevision));
        return Page.fromReadAhead(rows, page.limit(), r -> ProgramPosition.belowVersion(r.version()));
    }

    /** The query behind {@link #revisions}: newest first, below {@code belowVersion}. */
    static ResultQuery<ProgramRevisionsRecord> revisionsQuery(DSLContext ctx, ProgramId id, Optional<Long> belowVersion,
                                                             int limit) {
        Condition where = PROGRAM_REVISIONS.PROGRAM_ID.eq(id.value());
        if (belowVersion.isPresent()) {
            where = where.and(PROGRAM_REVISIONS.VERSION.lt(belowVersion.get()));
        }
        return ctx.selectFrom(PROGRAM_REVISIONS).where(where).orderBy(PROGRAM_REVISIONS.VERSION.desc()).limit(limit);
    }

    @Override
    public Optional<ProgramRevision> revision(ProgramId id, long version) {
        Checks.present(id, "program id");
        return db.read(ctx -> ctx.selectFrom(PROGRAM_REVISIONS)
                .where(PROGRAM_REVISIONS.PROGRAM_ID.eq(id.value()).and(PROGRAM_REVISIONS.VERSION.eq(version)))
                .fetchOptional(SqliteProgramStore::toRevision));
    }

    // ---- blob references

    @Override
    public Set<BlobKey> referenced(Collection<BlobKey> candidates) {
        Checks.present(candidates, "candidates");
        List<String> keys = candidates.stream().map(BlobKey::value).distinct().toList();
        if (keys.isEmpty()) {
            return Set.of();
        }
        // one snapshot for every chunk, so the answer is as of one moment
        return db.read(ctx -> {
            Set<BlobKey> found = new HashSet<>();
            for (int from = 0; from < keys.size(); from += REFERENCE_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + REFERENCE_CHUNK));
                referencedQuery(ctx, chunk).fetch(Record1::value1).forEach(k -> found.add(new BlobKey(k)));
            }
            return found;
        });
    }

    /** Which of {@code keys} a program or a revision uses as its image or thumbnail: four index lookups. */
    static ResultQuery<Record1<String>> referencedQuery(DSLContext ctx, List<String> keys) {
        return ctx.select(PROGRAMS.IMAGE_BLOB).from(PROGRAMS)
                .where(PROGRAMS.IMAGE_BLOB.isNotNull().and(PROGRAMS.IMAGE_BLOB.in(keys)))
                .union(ctx.select(PROGRAMS.THUMBNAIL_BLOB).from(PROGRAMS)
                        .where(PROGRAMS.THUMBNAIL_BLOB.isNotNull().and(PROGRAMS.THUMBNAIL_BLOB.in(keys))))
                .union(ctx.select(PROGRAM_REVISIONS.IMAGE_BLOB).from(PROGRAM_REVISIONS)
                        .where(PROGRAM_REVISIONS.IMAGE_BLOB.isNotNull().and(PROGRAM_REVISIONS.IMAGE_BLOB.in(keys))))
                .union(ctx.select(PROGRAM_REVISIONS.THUMBNAIL_BLOB).from(PROGRAM_REVISIONS)
                        .where(PROGRAM_REVISIONS.THUMBNAIL_BLOB.isNotNull().and(PROGRAM_REVISIONS.THUMBNAIL_BLOB.in(keys))));
    }

    /**
     * Programs with an image in id order (each its image, then its thumbnail), then revisions with an
     * image in (program, version) order: two walks along primary keys, each page one snapshot.
     */
    @Override
    public Page<BlobReference> references(PageRequest page) {
        Checks.present(page, "page");
        Optional<Reference> after = page.after().map(ProgramPosition::reference);
        return db.read(ctx -> {
            ProgramReferenceWalk walk = new ProgramReferenceWalk(after, page.limit());
            if (walk.readsPrograms()) {
                for (ProgramsRecord r : programImagesQuery(ctx, walk.programsFrom().map(ProgramId::value), walk.rowLimit())) {
                    walk.addProgram(new ProgramId(r.getId()), r.getVersion(), imageOf(r));
                }
            }
            if (walk.wantsMore()) {
                for (ProgramRevisionsRecord r : revisionImagesQuery(ctx, walk.revisionsFrom(), walk.rowLimit())) {
                    walk.addRevision(new ProgramId(r.getProgramId()), r.getVersion(), imageOf(r));
                }
            }
            return walk.page();
        });
    }

    /** Programs with an image, in id order, from {@code fromId} on (inclusive). */
    static ResultQuery<ProgramsRecord> programImagesQuery(DSLContext ctx, Optional<String> fromId, int limit) {
        Condition where = PROGRAMS.IMAGE_BLOB.isNotNull();
        if (fromId.isPresent()) {
            where = where.and(PROGRAMS.ID.ge(fromId.get()));
        }
        return ctx.selectFrom(PROGRAMS).where(where).orderBy(PROGRAMS.ID).limit(limit);
    }

    /** Revisions with an image, in (program, version) order, from {@code from} on (inclusive). */
    static ResultQuery<ProgramRevisionsRecord> revisionImagesQuery(DSLContext ctx, Optional<Reference> from, int limit) {
        Condition where = PROGRAM_REVISIONS.IMAGE_BLOB.isNotNull();
        if (from.isPresent()) {
            where = where.and(DSL.row(PROGRAM_REVISIONS.PROGRAM_ID, PROGRAM_REVISIONS.VERSION)
                    .ge(DSL.row(DSL.val(from.get().program().value()), DSL.val(from.get().version()))));
        }
        return ctx.selectFrom(PROGRAM_REVISIONS).where(where)
                .orderBy(PROGRAM_REVISIONS.PROGRAM_ID, PROGRAM_REVISIONS.VERSION).limit(limit);
    }

    // ---- failures

    /** Which unique key {@code p} ran into, in words a user can act on. */
    private static AlreadyExistsException clash(DSLContext ctx, Program p, boolean inserting) {
        if (inserting && ctx.fetchExists(PROGRAMS, PROGRAMS.ID.eq(p.id().value()))) {
            return new AlreadyExistsException("program id '" + p.id() + "' is already taken");
        }
        if (ctx.fetchExists(PROGRAMS, PROGRAMS.NAME.eq(p.name().value()).and(PROGRAMS.ID.ne(p.id().value())))) {
            return new AlreadyExistsException("program '" + Checks.printable(p.name().value()) + "' already exists");
        }
        return new AlreadyExistsException("a program with external ref '"
                + p.externalRef().map(Checks::printable).orElse("") + "' already exists");
    }

    // ---- mapping

    private static ProgramsRecord toRecord(Program p) {
        ProgramsRecord r = new ProgramsRecord();
        r.setId(p.id().value());
        r.setName(WellFormedText.require(p.name().value(), "program name"));
        r.setNameFolded(p.name().value().toLowerCase(Locale.ROOT));
        r.setDescription(WellFormedText.require(p.description(), "program description"));
        r.setConfig(WellFormedText.require(p.config().json(), "program config"));
        r.setConfigSchemaVersion((long) p.configSchemaVersion());
        r.setConfigSha256(p.configSha256().hex());
        r.setActive(p.active() ? 1L : 0L);
        r.setVersion(p.version());
        r.setExternalRef(p.externalRef().map(ref -> WellFormedText.require(ref, "external ref")).orElse(null));
        ProgramImage image = p.image().orElse(null);
        r.setImageBlob(image == null ? null : image.blob().value());
        r.setImageMimeType(image == null ? null : image.mimeType().value());
        r.setImageSize(image == null ? null : image.size());
        r.setImageSha256(image == null ? null : image.sha256().hex());
        r.setImageWidth(image == null ? null : (long) image.width());
        r.setImageHeight(image == null ? null : (long) image.height());
        r.setThumbnailBlob(image == null ? null : image.thumbnail().map(BlobKey::value).orElse(null));
        r.setCreatedAt(EpochTime.nanos(p.createdAt(), "createdAt"));
        r.setUpdatedAt(EpochTime.nanos(p.updatedAt(), "updatedAt"));
        r.setUpdatedBy(p.updatedBy().value());
        return r;
    }

    /** The revision row that keeps {@code current} as it is. */
    private static ProgramRevisionsRecord toRevision(ProgramsRecord current) {
        ProgramRevisionsRecord r = new ProgramRevisionsRecord();
        r.setProgramId(current.getId());
        r.setVersion(current.getVersion());
        r.setName(current.getName());
        r.setDescription(current.getDescription());
        r.setConfig(current.getConfig());
        r.setConfigSchemaVersion(current.getConfigSchemaVersion());
        r.setConfigSha256(current.getConfigSha256());
        r.setActive(current.getActive());
        r.setImageBlob(current.getImageBlob());
        r.setImageMimeType(current.getImageMimeType());
        r.setImageSize(current.getImageSize());
        r.setImageSha256(current.getImageSha256());
        r.setImageWidth(current.getImageWidth());
        r.setImageHeight(current.getImageHeight());
        r.setThumbnailBlob(current.getThumbnailBlob());
        r.setUpdatedAt(current.getUpdatedAt());
        r.setUpdatedBy(current.getUpdatedBy());
        return r;
    }

    private static Program toProgram(ProgramsRecord r) {
        return new Program(new ProgramId(r.getId()), new ProgramName(r.getName()), r.getDescription(),
                new JsonText(r.getConfig()), Math.toIntExact(r.getConfigSchemaVersion()), new Sha256(r.getConfigSha256()),
                r.getActive() == 1L, r.getVersion(), imageOf(r), Optional.ofNullable(r.getExternalRef()),
                EpochTime.instantOfNanos(r.getCreatedAt()), EpochTime.instantOfNanos(r.getUpdatedAt()), new UserId(r.getUpdatedBy()));
    }

    private static ProgramRevision toRevision(ProgramRevisionsRecord r) {
        return new ProgramRevision(new ProgramId(r.getProgramId()), r.getVersion(), new ProgramName(r.getName()),
                r.getDescription(), new JsonText(r.getConfig()), Math.toIntExact(r.getConfigSchemaVersion()),
                new Sha256(r.getConfigSha256()), r.getActive() == 1L, imageOf(r), new UserId(r.getUpdatedBy()),
                EpochTime.instantOfNanos(r.getUpdatedAt()));
    }

    private static Optional<ProgramImage> imageOf(ProgramsRecord r) {
        return imageOf(r.getImageBlob(), r.getImageMimeType(), r.getImageSize(), r.getImageSha256(), r.getImageWidth(),
                r.getImageHeight(), r.getThumbnailBlob());
    }

    private static Optional<ProgramImage> imageOf(ProgramRevisionsRecord r) {
        return imageOf(r.getImageBlob(), r.getImageMimeType(), r.getImageSize(), r.getImageSha256(), r.getImageWidth(),
                r.getImageHeight(), r.getThumbnailBlob());
    }

    // the table's CHECK keeps the image columns all set or all null
    private static Optional<ProgramImage> imageOf(String blob, String mimeType, Long size, String sha256, Long width,
                                                  Long height, String thumbnail) {
        if (blob == null) {
            return Optional.empty();
        }
        return Optional.of(new ProgramImage(new BlobKey(blob), new MimeType(mimeType), size, new Sha256(sha256),
                Math.toIntExact(width), Math.toIntExact(height), Optional.ofNullable(thumbnail).map(BlobKey::new)));
    }
}
