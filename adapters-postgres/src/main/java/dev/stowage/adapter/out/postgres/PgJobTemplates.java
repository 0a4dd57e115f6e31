package dev.stowage.adapter.out.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Job templates in PostgreSQL, one row per name. Few and rarely written, so plain jOOQ per call;
 * saving is one upsert that keeps the first created-at and says whether it inserted.
 */
final class PgJobTemplates implements JobTemplates {
    private static final Table<?> TEMPLATES = table(name("job_templates"));
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> DESCRIPTION = field(name("description"), String.class);
    private static final Field<String> QUEUE = field(name("queue"), String.class);
    private static final Field<String> TYPE = field(name("type"), String.class);
    private static final Field<String> PAYLOAD = field(name("payload"), String.class);
    private static final Field<Integer> PRIORITY = field(name("priority"), Integer.class);
    private static final Field<Integer> MAX_ATTEMPTS = field(name("max_attempts"), Integer.class);
    // microseconds (see EpochTime)
    private static final Field<Long> ESTIMATED_DURATION = field(name("estimated_duration"), Long.class);
    private static final Field<String> CREATED_BY = field(name("created_by"), String.class);
    private static final Field<Long> CREATED_AT = field(name("created_at"), Long.class);
    private static final Field<Long> UPDATED_AT = field(name("updated_at"), Long.class);
    private static final List<Field<?>> COLUMNS = List.of(NAME, DESCRIPTION, QUEUE, TYPE, PAYLOAD, PRIORITY,
            MAX_ATTEMPTS, ESTIMATED_DURATION, CREATED_BY, CREATED_AT, UPDATED_AT);

    private final Db db;

    PgJobTemplates(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean save(JobTemplate t) {
        Objects.requireNonNull(t, "template");
        Long estimated = t.estimatedDuration().map(EpochTime::micros).orElse(null);
        Integer maxAttempts = t.maxAttempts().orElse(null);
        // xmax = 0 only on a row this statement inserted: the standard way to tell the two upsert outcomes apart
        Field<Boolean> inserted = field("(xmax = 0)", Boolean.class);
        return db.write(ctx -> ctx.insertInto(TEMPLATES)
                .set(NAME, t.name().value()).set(DESCRIPTION, t.description()).set(QUEUE, t.queue().value())
                .set(TYPE, t.type().value()).set(PAYLOAD, t.payload().json()).set(PRIORITY, t.priority())
                .set(MAX_ATTEMPTS, maxAttempts).set(ESTIMATED_DURATION, estimated)
                .set(CREATED_BY, t.createdBy().orElse(null)).set(CREATED_AT, EpochTime.micros(t.createdAt()))
                .set(UPDATED_AT, EpochTime.micros(t.updatedAt()))
                .onConflict(NAME).doUpdate()
                .set(DESCRIPTION, t.description()).set(QUEUE, t.queue().value()).set(TYPE, t.type().value())
                .set(PAYLOAD, t.payload().json()).set(PRIORITY, t.priority()).set(MAX_ATTEMPTS, maxAttempts)
                .set(ESTIMATED_DURATION, estimated).set(CREATED_BY, t.createdBy().orElse(null))
                .set(UPDATED_AT, EpochTime.micros(t.updatedAt()))
                .returningResult(inserted)
                .fetchOne(0, Boolean.class));
    }

    @Override
    public Optional<JobTemplate> find(TemplateName name) {
        Objects.requireNonNull(name, "name");
        return db.read(ctx -> ctx.select(COLUMNS).from(TEMPLATES).where(NAME.eq(name.value()))
                .fetchOptional(PgJobTemplates::template));
    }

    @Override
    public List<JobTemplate> list() {
        return db.read(ctx -> ctx.select(COLUMNS).from(TEMPLATES).orderBy(NAME).fetch(PgJobTemplates::template));
    }

    @Override
    public boolean delete(TemplateName name) {
        Objects.requireNonNull(name, "name");
        return db.write(ctx -> ctx.deleteFrom(TEMPLATES).where(NAME.eq(name.value())).execute()) > 0;
    }

    private static JobTemplate template(Record r) {
        return new JobTemplate(new TemplateName(r.get(NAME)), r.get(DESCRIPTION), new QueueName(r.get(QUEUE)),
                new JobType(r.get(TYPE)), new JsonText(r.get(PAYLOAD)), r.get(PRIORITY),
                Optional.ofNullable(r.get(MAX_ATTEMPTS)), Optional.ofNullable(r.get(ESTIMATED_DURATION)).map(EpochTime::durationOfMicros),
                Optional.ofNullable(r.get(CREATED_BY)), EpochTime.instantOfMicros(r.get(CREATED_AT)), EpochTime.instantOfMicros(r.get(UPDATED_AT)));
    }
}
