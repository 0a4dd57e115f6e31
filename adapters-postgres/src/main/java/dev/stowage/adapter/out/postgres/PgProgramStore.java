package dev.stowage.adapter.out.postgres;

import dev.stowage.adapter.out.postgres.DataTables.Programs;
import dev.stowage.adapter.out.postgres.DataTables.Revisions;
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
import dev.stowage.domain.program.ProgramPosition.Reference;
import dev.stowage.domain.program.ProgramPosition;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramReferenceWalk;
import dev.stowage.domain.program.ProgramRevision;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * Programs in {@code programs} and the states updates replaced in {@code program_revisions} (V2).
 *
 * <p>An update locks the program's row ({@code FOR UPDATE}), checks its version, copies it into a
 * revision and writes the new state in one transaction: of two instances updating one program at
 * the same version, the second waits for the first and then finds the version moved. The listing
 * pages by the unique name under {@code COLLATE "C"} (code-point order, as on SQLite).
 */
final class PgProgramStore implements ProgramStore {
    static final int REFERENCE_CHUNK = 1000;

    private final Db db;

    PgProgramStore(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(Program program) {
        Checks.present(program, "program");
        Map<Field<?>, Object> row = toRow(program);
        db.write(ctx -> UniqueClashes.explained(ctx,
                () -> ctx.insertInto(Programs.T).set(row).execute(),
                () -> clash(ctx, program, true)));
    }

    @Override
    public Optional<Program> find(ProgramId id) {
        Checks.present(id, "program id");
        return db.read(ctx -> ctx.select(Programs.ALL).from(Programs.T).where(Programs.ID.eq(id.value()))
                .fetchOptional(PgProgramStore::toProgram));
    }

    @Override
    public Optional<Program> findByName(ProgramName name) {
        Checks.present(name, "program name");
        return db.read(ctx -> ctx.select(Programs.ALL).from(Programs.T).where(Programs.NAME.eq(name.value()))
                .fetchOptional(PgProgramStore::toProgram));
    }

    @Override
    public Optional<Program> findByExternalRef(String externalRef) {
        Checks.present(externalRef, "external ref");
        if (externalRef.indexOf('\u0000') >= 0) {
            // no stored ref holds one (insert refuses it), and the server would refuse the parameter
            return Optional.empty();
        }
        return db.read(ctx -> ctx.select(Programs.ALL).from(Programs.T).where(Programs.EXTERNAL_REF.eq(externalRef))
                .fetchOptional(PgProgramStore::toProgram));
    }

    @Override
    public Page<Program> list(ProgramQuery query, PageRequest page) {
        Checks.present(query, "query");
        Checks.present(page, "page");
        Optional<String> after = page.after().map(ProgramPosition::name);
        Condition where = query.activeOnly() ? Programs.ACTIVE.isTrue() : DSL.noCondition();
        if (query.nameContains().isPresent()) {
            // literal and case-blind as Java folds case: strpos, not LIKE, so '%' and '_' are plain characters
            String needle = StoredText.require(query.nameContains().get(), "name search").toLowerCase(Locale.ROOT);
            where = where.and(DSL.function("strpos", Integer.class, Programs.NAME_FOLDED, DSL.val(needle)).gt(0));
        }
        if (after.isPresent()) {
            where = where.and(Programs.NAME.gt(after.get()));
        }
        Condition filter = where;
        List<Program> rows = db.read(ctx -> ctx.select(Programs.ALL).from(Programs.T).where(filter)
                .orderBy(Programs.NAME).limit(page.limit() + 1).fetch(PgProgramStore::toProgram));
        return Page.fromReadAhead(rows, page.limit(), p -> ProgramPosition.afterName(p.name()));
    }

    @Override
    public Program update(Program changed, long expectedVersion) {
        Checks.present(changed, "program");
        String id = changed.id().value();
        // mapped before the transaction: bad input is refused without touching the database
        Map<Field<?>, Object> next = toRow(changed);
        next.remove(Programs.ID);
        next.remove(Programs.CREATED_AT);
        next.put(Programs.VERSION, expectedVersion + 1);
        return db.write(ctx -> {
            Record current = ctx.select(Programs.ALL).from(Programs.T).where(Programs.ID.eq(id)).forUpdate().fetchOne();
            if (current == null) {
                throw NotFoundException.of("program", changed.id());
            }
            long version = current.get(Programs.VERSION);
            if (version != expectedVersion) {
                throw new VersionMismatchException("program '" + current.get(Programs.NAME) + "'", expectedVersion, version);
            }
            // the revision and the new state in one savepoint: a clash takes the revision back with it
            return UniqueClashes.explained(ctx, () -> {
                ctx.insertInto(Revisions.T).set(revisionOf(current)).execute();
                return ctx.update(Programs.T).set(next)
                        .where(Programs.ID.eq(id).and(Programs.VERSION.eq(expectedVersion)))
                        .returning(Programs.ALL)
                        .fetchSingle(PgProgramStore::toProgram);
            }, () -> clash(ctx, changed, false));
        });
    }

    @Override
    public Optional<Program> delete(ProgramId id) {
        Checks.present(id, "program id");
        return db.write(ctx -> {
            ctx.deleteFrom(Revisions.T).where(Revisions.PROGRAM_ID.eq(id.value())).execute();
            return ctx.deleteFrom(Programs.T).where(Programs.ID.eq(id.value())).returning(Programs.ALL)
                    .fetchOptional(PgProgramStore::toProgram);
        });
    }

    @Override
    public Page<ProgramRevision> revisions(ProgramId id, PageRequest page) {
        Checks.present(id, "program id");
        Checks.present(page, "page");
        Optional<Long> below = page.after().map(ProgramPosition::version);
        Condition where = Revisions.PROGRAM_ID.eq(id.value())
                .and(below.map(Revisions.VERSION::lt).orElse(DSL.noCondition()));
        List<ProgramRevision> rows = db.read(ctx -> ctx.select(Revisions.ALL).from(Revisions.T).where(where)
                .orderBy(Revisions.VERSION.desc()).limit(page.limit() + 1).fetch(PgProgramStore::toRevision));
        return Page.fromReadAhead(rows, page.limit(), r -> ProgramPosition.belowVersion(r.version()));
    }

    @Override
    public Optional<ProgramRevision> revision(ProgramId id, long version) {
        Checks.present(id, "program id");
        return db.read(ctx -> ctx.select(Revisions.ALL).from(Revisions.T)
                .where(Revisions.PROGRAM_ID.eq(id.value()).and(Revisions.VERSION.eq(version)))
                .fetchOptional(PgProgramStore::toRevision));
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
                referencedQuery(ctx, chunk).forEach(r -> found.add(new BlobKey(r.value1())));
            }
            return found;
        });
    }

    private static List<Record1<String>> referencedQuery(DSLContext ctx, List<String> keys) {
        return ctx.select(Programs.IMAGE_BLOB).from(Programs.T).where(Programs.IMAGE_BLOB.in(keys))
                .union(ctx.select(Programs.THUMBNAIL_BLOB).from(Programs.T).where(Programs.THUMBNAIL_BLOB.in(keys)))
                .union(ctx.select(Revisions.IMAGE_BLOB).from(Revisions.T).where(Revisions.IMAGE_BLOB.in(keys)))
                .union(ctx.select(Revisions.THUMBNAIL_BLOB).from(Revisions.T).where(Revisions.THUMBNAIL_BLOB.in(keys)))
                .fetch();
    }

    /**
     * Programs with an image in id order (each its image, then its thumbnail), then revisions with
     * an image in (program, version) order: two walks along primary keys, each page one snapshot.
     */
    @Override
    public Page<BlobReference> references(PageRequest page) {
        Checks.present(page, "page");
        Optional<Reference> after = page.after().map(ProgramPosition::reference);
        return db.read(ctx -> {
            ProgramReferenceWalk walk = new ProgramReferenceWalk(after, page.limit());
            if (walk.readsPrograms()) {
                Condition where = Programs.IMAGE_BLOB.isNotNull()
                        .and(walk.programsFrom().map(p -> Programs.ID.ge(p.value())).orElse(DSL.noCondition()));
                for (Record r : ctx.select(Programs.ALL).from(Programs.T).where(where).orderBy(Programs.ID)
                        .limit(walk.rowLimit())) {
                    walk.addProgram(new ProgramId(r.get(Programs.ID)), r.get(Programs.VERSION), imageOf(r, true));
                }
            }
            if (walk.wantsMore()) {
                Condition where = Revisions.IMAGE_BLOB.isNotNull().and(walk.revisionsFrom()
                        .map(a -> DSL.row(Revisions.PROGRAM_ID, Revisions.VERSION)
                                .ge(DSL.row(DSL.val(a.program().value()), DSL.val(a.version()))))
                        .orElse(DSL.noCondition()));
                for (Record r : ctx.select(Revisions.ALL).from(Revisions.T).where(where)
                        .orderBy(Revisions.PROGRAM_ID, Revisions.VERSION).limit(walk.rowLimit())) {
                    walk.addRevision(new ProgramId(r.get(Revisions.PROGRAM_ID)), r.get(Revisions.VERSION), imageOf(r, false));
                }
            }
            return walk.page();
        });
    }

    // ---- failures

    /** Which unique key {@code p} ran into, in words a user can act on. */
    private static AlreadyExistsException clash(DSLContext ctx, Program p, boolean inserting) {
        if (inserting && ctx.fetchExists(Programs.T, Programs.ID.eq(p.id().value()))) {
            return new AlreadyExistsException("program id '" + p.id() + "' is already taken");
        }
        if (ctx.fetchExists(Programs.T, Programs.NAME.eq(p.name().value()).and(Programs.ID.ne(p.id().value())))) {
            return new AlreadyExistsException("program '" + Checks.printable(p.name().value()) + "' already exists");
        }
        return new AlreadyExistsException("a program with external ref '"
                + p.externalRef().map(Checks::printable).orElse("") + "' already exists");
    }

    // ---- mapping

    static Map<Field<?>, Object> toRow(Program p) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Programs.ID, p.id().value());
        r.put(Programs.NAME, StoredText.require(p.name().value(), "program name"));
        r.put(Programs.NAME_FOLDED, p.name().value().toLowerCase(Locale.ROOT));
        r.put(Programs.DESCRIPTION, StoredText.require(p.description(), "program description"));
        r.put(Programs.CONFIG, StoredText.require(p.config().json(), "program config"));
        r.put(Programs.CONFIG_SCHEMA_VERSION, p.configSchemaVersion());
        r.put(Programs.CONFIG_SHA256, p.configSha256().hex());
        r.put(Programs.ACTIVE, p.active());
        r.put(Programs.VERSION, p.version());
        r.put(Programs.EXTERNAL_REF, p.externalRef().map(ref -> StoredText.require(ref, "external ref")).orElse(null));
        ProgramImage image = p.image().orElse(null);
        r.put(Programs.IMAGE_BLOB, image == null ? null : image.blob().value());
        r.put(Programs.IMAGE_MIME_TYPE, image == null ? null : image.mimeType().value());
        r.put(Programs.IMAGE_SIZE, image == null ? null : image.size());
        r.put(Programs.IMAGE_SHA256, image == null ? null : image.sha256().hex());
        r.put(Programs.IMAGE_WIDTH, image == null ? null : image.width());
        r.put(Programs.IMAGE_HEIGHT, image == null ? null : image.height());
        r.put(Programs.THUMBNAIL_BLOB, image == null ? null : image.thumbnail().map(BlobKey::value).orElse(null));
        r.put(Programs.CREATED_AT, EpochTime.nanos(p.createdAt(), "createdAt"));
        r.put(Programs.UPDATED_AT, EpochTime.nanos(p.updatedAt(), "updatedAt"));
        r.put(Programs.UPDATED_BY, p.updatedBy().value());
        return r;
    }

    /** The revision row that keeps the program row {@code current} as it is. */
    private static Map<Field<?>, Object> revisionOf(Record current) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Revisions.PROGRAM_ID, current.get(Programs.ID));
        r.put(Revisions.VERSION, current.get(Programs.VERSION));
        r.put(Revisions.NAME, current.get(Programs.NAME));
        r.put(Revisions.DESCRIPTION, current.get(Programs.DESCRIPTION));
        r.put(Revisions.CONFIG, current.get(Programs.CONFIG));
        r.put(Revisions.CONFIG_SCHEMA_VERSION, current.get(Programs.CONFIG_SCHEMA_VERSION));
        r.put(Revisions.CONFIG_SHA256, current.get(Programs.CONFIG_SHA256));
        r.put(Revisions.ACTIVE, current.get(Programs.ACTIVE));
        r.put(Revisions.IMAGE_BLOB, current.get(Programs.IMAGE_BLOB));
        r.put(Revisions.IMAGE_MIME_TYPE, current.get(Programs.IMAGE_MIME_TYPE));
        r.put(Revisions.IMAGE_SIZE, current.get(Programs.IMAGE_SIZE));
        r.put(Revisions.IMAGE_SHA256, current.get(Programs.IMAGE_SHA256));
        r.put(Revisions.IMAGE_WIDTH, current.get(Programs.IMAGE_WIDTH));
        r.put(Revisions.IMAGE_HEIGHT, current.get(Programs.IMAGE_HEIGHT));
        r.put(Revisions.THUMBNAIL_BLOB, current.get(Programs.THUMBNAIL_BLOB));
        r.put(Revisions.UPDATED_AT, current.get(Programs.UPDATED_AT));
        r.put(Revisions.UPDATED_BY, current.get(Programs.UPDATED_BY));
        return r;
    }

    static Program toProgram(Record r) {
        return new Program(new ProgramId(r.get(Programs.ID)), new ProgramName(r.get(Programs.NAME)), r.get(Programs.DESCRIPTION),
                new JsonText(r.get(Programs.CONFIG)), r.get(Programs.CONFIG_SCHEMA_VERSION), new Sha256(r.get(Programs.CONFIG_SHA256)),
                r.get(Programs.ACTIVE), r.get(Programs.VERSION), imageOf(r, true), Optional.ofNullable(r.get(Programs.EXTERNAL_REF)),
                EpochTime.instantOfNanos(r.get(Programs.CREATED_AT)), EpochTime.instantOfNanos(r.get(Programs.UPDATED_AT)),
                new UserId(r.get(Programs.UPDATED_BY)));
    }

    static ProgramRevision toRevision(Record r) {
        return new ProgramRevision(new ProgramId(r.get(Revisions.PROGRAM_ID)), r.get(Revisions.VERSION),
                new ProgramName(r.get(Revisions.NAME)), r.get(Revisions.DESCRIPTION), new JsonText(r.get(Revisions.CONFIG)),
                r.get(Revisions.CONFIG_SCHEMA_VERSION), new Sha256(r.get(Revisions.CONFIG_SHA256)), r.get(Revisions.ACTIVE),
                imageOf(r, false), new UserId(r.get(Revisions.UPDATED_BY)), EpochTime.instantOfNanos(r.get(Revisions.UPDATED_AT)));
    }

    // the tables' CHECKs keep the image columns all set or all null
    private static Optional<ProgramImage> imageOf(Record r, boolean program) {
        String blob = r.get(program ? Programs.IMAGE_BLOB : Revisions.IMAGE_BLOB);
        if (blob == null) {
            return Optional.empty();
        }
        return Optional.of(new ProgramImage(new BlobKey(blob),
                new MimeType(r.get(program ? Programs.IMAGE_MIME_TYPE : Revisions.IMAGE_MIME_TYPE)),
                r.get(program ? Programs.IMAGE_SIZE : Revisions.IMAGE_SIZE),
                new Sha256(r.get(program ? Programs.IMAGE_SHA256 : Revisions.IMAGE_SHA256)),
                r.get(program ? Programs.IMAGE_WIDTH : Revisions.IMAGE_WIDTH),
                r.get(program ? Programs.IMAGE_HEIGHT : Revisions.IMAGE_HEIGHT),
                Optional.ofNullable(r.get(program ? Programs.THUMBNAIL_BLOB : Revisions.THUMBNAIL_BLOB)).map(BlobKey::new)));
    }
}
